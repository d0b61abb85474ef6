import { and, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import { keys } from "@/lib/db/schema";
import { allCapabilities } from "@/lib/vendors/registry";
import { keyIsLive } from "./status";

/**
 * "Unused for N days", one rule for the inventory's filter, its export and bulk revoke, and the
 * team policy that revokes idle keys (lib/keys/lifecycle/unused.ts).
 *
 * A key counts as unused only where its vendor reports last use (Trend's lastSignIn, recorded by
 * reconcile) and reconcile has seen the key at least once: its idle period began at its last use,
 * or — never used — when it was issued. Keys of vendors that report nothing are never matched:
 * no record of use is not evidence of no use, and the inventory says "not reported" for them.
 * Only keys that may still work count (live, not past their expiry): an ended key is not idle.
 */

export const DAY_MS = 86_400_000;

/** Vendors whose key list says when each key last authenticated. */
export function lastUseReportingVendors(): string[] {
  return allCapabilities()
    .filter((c) => c.reportsLastUsed)
    .map((c) => c.vendor);
}

/** When the key's current idle period began: its last use, or its issue if it was never used. */
export const idleSinceSql = (): SQL<Date> => sql<Date>`coalesce(${keys.lastUsedAt}, ${keys.issuedAt})`;

/** Keys idle since before `cutoff`, by the rule above. */
export function idleBeforeCondition(cutoff: Date, now: Date): SQL {
  const vendors = lastUseReportingVendors();
  if (!vendors.length) return sql`false`;
  return and(
    keyIsLive(),
    sql`(${keys.expiresAt} is null or ${keys.expiresAt} > ${now.toISOString()}::timestamptz)`,
    inArray(keys.vendor, vendors),
    isNotNull(keys.lastSeenAt),
    sql`${idleSinceSql()} < ${cutoff.toISOString()}::timestamptz`,
  )!;
}

/** The inventory filter "unused for N days". */
export const unusedForDaysCondition = (days: number, now: Date): SQL =>
  idleBeforeCondition(new Date(now.getTime() - days * DAY_MS), now);
