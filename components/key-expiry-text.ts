import type { VendorCapabilities } from "@/lib/vendors/types";
import type { KeyLifecycleView } from "@/lib/keys/lifecycle/view";
import { formatRelative, formatWhen } from "./ui/format";

/**
 * The key page's "Expires" line: when the key really dies and who makes it happen — the vendor,
 * Keyward's expire-due job, or (PAN-OS) the device's API Key Lifetime when that comes first.
 */
export function keyExpiryText(
  caps: VendorCapabilities | undefined,
  expiresAt: string | null,
  device: KeyLifecycleView["deviceExpiry"],
): string {
  const rule = caps?.expiry;
  if (!expiresAt) return rule?.kind === "picker" ? "never" : (rule?.statement ?? "—");
  const when = `${formatWhen(expiresAt)} (${formatRelative(expiresAt)})`;
  if (rule?.kind === "fixed" && rule.renewedOnLogin) return `${when} at the earliest — ${rule.statement}`;
  if (device.endsBeforeKeyward) {
    const keyward = device.keywardExpiresAt
      ? `, before Keyward's own date (${formatWhen(device.keywardExpiresAt)})`
      : " (Keyward set no date of its own)";
    return `${when} — ended by the firewall's API Key Lifetime (${device.lifetimeMinutes} minutes)${keyward}`;
  }
  const by =
    rule?.kind === "picker" && rule.enforcedBy === "keyward"
      ? "enforced by Keyward, which revokes the key then"
      : "enforced by the vendor";
  const lifetime = device.lifetimeMinutes
    ? `; the firewall's API Key Lifetime (${device.lifetimeMinutes} minutes) ends it later`
    : "";
  return `${when} — ${by}${lifetime}`;
}
