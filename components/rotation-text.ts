import type { ReplacedKey } from "@/lib/keys/lifecycle/replacement";
import { formatWhen } from "./ui/format";

/** When the old key of a rotation stops working, counted from the replacement's issue. */
export function graceText(hours: number): string {
  if (hours === 0) return "revoked as soon as the replacement is issued";
  const span =
    hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? "" : "s"}` : `${hours} hour${hours === 1 ? "" : "s"}`;
  return `revoked ${span} after the replacement is issued`;
}

/** What to tell the person who just issued a replacement about the key it replaced. */
export function replacedKeyNotice(replaced: ReplacedKey): {
  tone: "success" | "warning";
  title: string;
  text?: string;
} {
  if (replaced.outcome === "revoked") return { tone: "success", title: "The old key was revoked on the vendor" };
  if (replaced.outcome === "retire_by_hand")
    return { tone: "warning", title: "Retire the old key by hand", text: replaced.message };
  return {
    tone: replaced.message ? "warning" : "success",
    title: replaced.retireAt
      ? `The old key keeps working until ${formatWhen(replaced.retireAt)}, then Keyward revokes it`
      : "Keyward revokes the old key shortly",
    text: replaced.message,
  };
}
