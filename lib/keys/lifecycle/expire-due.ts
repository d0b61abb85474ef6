import "server-only";
import { and, eq, inArray, lte } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keys } from "@/lib/db/schema";
import { allCapabilities } from "@/lib/vendors/registry";
import { revokeDueKeys, type DueSummary } from "./revoke";
import { keyIsLive } from "../status";

/** Vendors whose keys have no expiry of their own: Keyward revokes them when they fall due. */
export function keywardEnforcedVendors(): string[] {
  return allCapabilities()
    .filter((c) => c.expiry.kind === "picker" && c.expiry.enforcedBy === "keyward")
    .map((c) => c.vendor);
}

/**
 * Revokes the keys whose Keyward-enforced expiry has come (PAN-OS per-key administrators,
 * Rancher keys). Each key on its own: a vendor failure (audited by the revoke) leaves that key
 * due for the next run — a missed deadline the dashboard shows — without holding up the
 * others; a key the vendor cannot revoke alone is flagged "retire by hand" and not retried.
 */
export async function expireDueKeys(db: Db, now: Date): Promise<DueSummary> {
  const vendors = keywardEnforcedVendors();
  if (!vendors.length) return { revoked: 0, byHand: 0, failed: 0 };
  const due = await db
    .select({ id: keys.id, teamId: keys.teamId })
    .from(keys)
    .where(and(lte(keys.expiresAt, now), keyIsLive(), inArray(keys.vendor, vendors), eq(keys.retireByHand, false)))
    .orderBy(keys.expiresAt)
    .limit(100);
  return revokeDueKeys(db, due, "expire");
}
