import type { VendorCapabilities } from "@/lib/vendors/types";

/**
 * Whether a key with this scope would be the connection's own account's key rather than a key
 * of its own. Pure, so the issue form, the BFF and the key page agree.
 */
export function isOwnAccountKey(caps: VendorCapabilities, scope: string[]): boolean {
  const rule = caps.scope.ownAccount;
  return rule === "always" || (rule === "empty" && scope.length === 0);
}

/** What the issue form and the key page say about such a key. */
export const OWN_ACCOUNT_WARNING =
  "This key belongs to the connection's own account: it is shared with the connection and every other such key, carries all of that account's rights, and cannot be revoked on its own.";
