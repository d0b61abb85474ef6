import "server-only";
import type { VendorAdapter, VendorConnection } from "@/lib/vendors/types";

/**
 * The vendor's names of the key's scope ids, kept with the key so its page says "Auditor" where
 * the vendor's id is "2". Read from the same list the issue form offered, once the key exists;
 * names equal to their ids (PAN-OS role profiles) are not repeated. A failed list costs the key
 * nothing: it is recorded with its ids alone, as keys issued before names were kept.
 */
export async function scopeNamesOf(
  adapter: VendorAdapter,
  conn: VendorConnection,
  scope: string[],
): Promise<Record<string, string> | null> {
  if (scope.length === 0 || adapter.capabilities.scope.kind === "none") return null;
  try {
    const roles = await adapter.listRoles(conn);
    const names = Object.fromEntries(
      roles.filter((r) => scope.includes(r.id) && r.name && r.name !== r.id).map((r) => [r.id, r.name]),
    );
    return Object.keys(names).length ? names : null;
  } catch {
    return null;
  }
}
