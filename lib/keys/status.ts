import { eq, inArray, sql, type SQL } from "drizzle-orm";
import { keys } from "@/lib/db/schema";
import type { KEY_STATUSES } from "./list-query";

/**
 * The one rule for a key's status as people see it, everywhere: the key's page (getKey), the
 * inventory and its filters, the CSV export and the dashboard. A key still marked `active`
 * whose expiry has passed reads `expired` — the vendor no longer accepts it, and no sweeper has
 * to run for the console to say so. Every other stored status is shown as stored.
 */

type KeyStatus = (typeof KEY_STATUSES)[number];

const at = (now: Date): SQL => sql`${now.toISOString()}::timestamptz`;

/** The status column as shown, for a select list. */
export function keyStatusSql(now: Date): SQL<string> {
  return sql<string>`case when ${keys.status} = 'active' and ${keys.expiresAt} <= ${at(now)} then 'expired' else ${keys.status} end`;
}

/**
 * "Shown status = status", written so the planner can use the indexes on the stored status:
 * `status = 'active'` stays literal (the partial index of active keys by expiry starts there).
 */
export function keyStatusIs(status: KeyStatus, now: Date): SQL {
  switch (status) {
    case "active":
      return sql`${keys.status} = 'active' and (${keys.expiresAt} is null or ${keys.expiresAt} > ${at(now)})`;
    case "expired":
      return sql`(${keys.status} = 'expired' or (${keys.status} = 'active' and ${keys.expiresAt} <= ${at(now)}))`;
    default:
      return eq(keys.status, status);
  }
}

/**
 * Stored statuses in which a key may still work on its vendor (an expired-by-date key is still
 * stored as active): what offboarding, Keyward-enforced expiry and the dashboard's warnings must
 * not lose sight of.
 */
const LIVE_KEY_STATUSES = ["active", "inactive", "drifted"] as const;

export function keyIsLive(): SQL {
  return inArray(keys.status, [...LIVE_KEY_STATUSES]);
}
