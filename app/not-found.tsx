import Link from "next/link";
import type { Metadata } from "next";
import { StandalonePage } from "@/components/ui/StandalonePage";
import { buttonClass } from "@/components/ui/styles";

export const metadata: Metadata = { title: "Not found" };

/** Every unknown address, and every record a team does not hold (a key, a connection, a request of another team). */
export default function NotFound() {
  return (
    <StandalonePage title="Page not found">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Nothing is at this address in your team: the link may be mistyped, or the key, connection or request it names
        belongs to another team or no longer exists.
      </p>
      <div className="mt-6 flex flex-wrap gap-2">
        <Link href="/" className={buttonClass.primary}>
          Go to the dashboard
        </Link>
        <Link href="/keys" className={buttonClass.secondary}>
          Keys
        </Link>
      </div>
    </StandalonePage>
  );
}
