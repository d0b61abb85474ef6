import "server-only";
import { and, eq, inArray, lte } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keys } from "@/lib/db/schema";
import { allCapabilities } from "@/lib/vendors/registry";
import { loadKeyContext } from "./context";
import { revokeLoadedKey } from "./revoke";

export interface ExpireSummary {
  revoked: number;
  byHand: number;
  failed: number;
}

/** Vendors whose keys have no expiry of their own: Keyward revokes them when they fall due. */
export function keywardEnforcedVendors(): string[] {
  return allCapabilities()
    .filter((c) => c.expiry.kind === "picker" && c.expiry.enforcedBy === "keyward")
    .map((c) => c.vendor);
}

/** Statuses in which a key may still work on its vendor. */
const LIVE = ["active", "inactive", "drifted"] as const;

/**
 * Revokes the keys whose Keyward-enforced expiry has come (PAN-OS per-key administrators,
 * Rancher keys). Each key on its own: a vendor failure (audited by the revoke) leaves that key
 * due for the next run — a missed deadline the dashboard shows — without holding up the
 * others; a key the vendor cannot revoke alone is flagged "retire by hand" and not retried.
 */
export async function expireDueKeys(db: Db, now: Date): Promise<ExpireSummary> {
  const vendors = keywardEnforcedVendors();
  const summary: ExpireSummary = { revoked: 0, byHand: 0, failed: 0 };
  if (!vendors.length) return summary;
  const due = await db
    .select({ id: keys.id, teamId: keys.teamId })
    .from(keys)
    .where(and(lte(keys.expiresAt, now), inArray(keys.status, [...LIVE]), inArray(keys.vendor, vendors), eq(keys.retireByHand, false)))
    .orderBy(keys.expiresAt)
    .limit(100);
  for (const { id, teamId } of due) {
    try {
      const outcome = await revokeLoadedKey(db, null, await loadKeyContext(db, teamId, id), "expire");
      if (outcome.kind === "revoked") summary.revoked++;
      else summary.byHand++;
    } catch {
      summary.failed++;
    }
  }
  return summary;
}
