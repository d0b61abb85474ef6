import type { VendorCapabilities } from "@/lib/vendors/types";
import { formatRelative, formatWhen } from "./ui/format";

/** The key page's "Last used": the vendor's own record where it keeps one, else who does not report it. */
export function lastUsedText(
  caps: Pick<VendorCapabilities, "displayName" | "reportsLastUsed"> | undefined,
  life: { lastUsedAt: string | null; lastSeenAt: string | null },
  { short = false } = {},
): string {
  if (!caps?.reportsLastUsed) return short ? "not reported" : `not reported by ${caps?.displayName ?? "the vendor"}`;
  if (life.lastUsedAt) return `${formatWhen(life.lastUsedAt)} (${formatRelative(life.lastUsedAt)})`;
  if (short) return life.lastSeenAt ? "never" : "not reconciled yet";
  return life.lastSeenAt ? "never, as of the last reconciliation" : "not known until the next reconciliation";
}
