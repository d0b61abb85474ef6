import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, keyRequests, keys } from "@/lib/db/schema";
import { ownerlessSql, type KeyViewer } from "./list-keys";
import { keyIsLive, keyStatusIs } from "./status";
import { keywardEnforcedVendors } from "./lifecycle/expire-due";
import { DELIVERY_WINDOW_MS } from "./delivery";
import { cappedKeyCount, type CappedCount } from "@/lib/pagination/capped-count";

/** The dashboard's numbers, each a capped count (capped-count.ts). */
export interface KeysDashboard {
  expiringIn7Days: CappedCount;
  expiringIn30Days: CappedCount;
  /** Keys Keyward should have revoked at their expiry (vendors without one) that are still live. */
  missedExpiries: CappedCount;
  /** Live keys whose requester's page never confirmed it showed the secret (delivery.ts). */
  unconfirmedDeliveries: CappedCount;
  /** Live keys whose owner left the team (offboarding's "keep as ownerless"). */
  ownerless: CappedCount;
  perVendor: Array<{ vendor: string } & CappedCount>;
}

function scope(teamId: string, viewer: KeyViewer): SQL {
  return and(eq(keys.teamId, teamId), viewer.seesAll ? undefined : eq(keys.issuedBy, viewer.userId))!;
}

/** Keys shown as active (status.ts) whose expiry falls in the next `days` days — the list's "expiring within" filter. */
function expiringWithin(teamId: string, viewer: KeyViewer, now: Date, days: number): SQL {
  const until = new Date(now.getTime() + days * 86_400_000);
  return sql`${scope(teamId, viewer)} and ${keyStatusIs("active", now)} and ${keys.expiresAt} > ${now.toISOString()}::timestamptz and ${keys.expiresAt} <= ${until.toISOString()}::timestamptz`;
}

/** The expire-due job runs every minute; past this, a live key with a Keyward-enforced expiry is a missed deadline. */
const MISSED_AFTER_MS = 5 * 60_000;

function missedExpiry(teamId: string, viewer: KeyViewer, now: Date): SQL {
  const before = new Date(now.getTime() - MISSED_AFTER_MS);
  return sql`${scope(teamId, viewer)} and ${keyIsLive()} and ${inArray(keys.vendor, keywardEnforcedVendors())} and ${keys.expiresAt} <= ${before.toISOString()}::timestamptz`;
}

function unconfirmedDelivery(teamId: string, viewer: KeyViewer, now: Date): SQL {
  const before = new Date(now.getTime() - DELIVERY_WINDOW_MS);
  return sql`${scope(teamId, viewer)} and ${keyIsLive()} and ${keys.deliveredAt} is null and ${keys.issuedAt} <= ${before.toISOString()}::timestamptz and coalesce(${keys.meta}->>'adopted', '') <> 'true'`;
}

export async function keysDashboard(
  db: Db,
  teamId: string,
  viewer: KeyViewer,
  now = new Date(),
): Promise<KeysDashboard> {
  // The vendors come from the team's connections (a handful of rows), then one capped count each.
  const vendors = await db
    .selectDistinct({ vendor: connections.vendor })
    .from(connections)
    .where(eq(connections.teamId, teamId))
    .orderBy(connections.vendor);
  const [expiringIn7Days, expiringIn30Days, missedExpiries, unconfirmedDeliveries, ownerless, ...perVendor] =
    await Promise.all([
      cappedKeyCount(db, expiringWithin(teamId, viewer, now, 7)),
      cappedKeyCount(db, expiringWithin(teamId, viewer, now, 30)),
      cappedKeyCount(db, missedExpiry(teamId, viewer, now)),
      cappedKeyCount(db, unconfirmedDelivery(teamId, viewer, now)),
      cappedKeyCount(db, sql`${scope(teamId, viewer)} and ${keyIsLive()} and ${ownerlessSql()}`),
      ...vendors.map((v) => cappedKeyCount(db, sql`${scope(teamId, viewer)} and ${keys.vendor} = ${v.vendor}`)),
    ]);
  return {
    expiringIn7Days: expiringIn7Days!,
    expiringIn30Days: expiringIn30Days!,
    missedExpiries: missedExpiries!,
    unconfirmedDeliveries: unconfirmedDeliveries!,
    ownerless: ownerless!,
    perVendor: vendors.map((v, i) => ({ vendor: v.vendor, ...perVendor[i]! })).filter((v) => v.count > 0),
  };
}

/** Requests waiting for a decision: the team's for those who read all requests, otherwise the caller's own. */
export async function pendingRequestCount(db: Db, teamId: string, requesterId: string | null): Promise<number> {
  return db.$count(
    keyRequests,
    and(
      eq(keyRequests.teamId, teamId),
      eq(keyRequests.status, "pending"),
      requesterId ? eq(keyRequests.requesterId, requesterId) : undefined,
    ),
  );
}
