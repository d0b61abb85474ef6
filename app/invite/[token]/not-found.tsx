import { StandalonePage } from "@/components/ui/StandalonePage";

/** An invite link whose token names no invite (mistyped, cut short, or from another console). */
export default function InviteNotFound() {
  return (
    <StandalonePage title="This invite link was not found">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Check that you copied the whole link, or ask an admin of the team for a new one.
      </p>
    </StandalonePage>
  );
}
