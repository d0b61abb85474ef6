import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, keyRequests, keys } from "@/lib/db/schema";
import { ownerlessSql, type KeyViewer } from "./list-keys";
import { keyIsLive, keyStatusIs } from "./status";
import { keywardEnforcedVendors } from "./lifecycle/expire-due";
import { DELIVERY_WINDOW_MS } from "./delivery";

/**
 * The dashboard's numbers. Each count stops at COUNT_CAP ("10,000+"), so a team with a million
 * keys costs a bounded index range per number rather than a count over the whole table.
 */
const COUNT_CAP = 10_000;

export interface CappedCount {
  count: number;
  /** True when there are more than `count`. */
  more: boolean;
}

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

async function cappedCount(db: Db, where: SQL): Promise<CappedCount> {
  const result = await db.execute(
    sql`select count(*) as n from (select 1 from ${keys} where ${where} limit ${COUNT_CAP + 1}) capped`,
  );
  // node-postgres and PGlite both keep the rows in `.rows`; count(*) is a bigint, so text on node-postgres.
  const [row] = (result as unknown as { rows: Array<{ n: number | string }> }).rows;
  const n = Number(row?.n ?? 0);
  return { count: Math.min(n, COUNT_CAP), more: n > COUNT_CAP };
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
      cappedCount(db, expiringWithin(teamId, viewer, now, 7)),
      cappedCount(db, expiringWithin(teamId, viewer, now, 30)),
      cappedCount(db, missedExpiry(teamId, viewer, now)),
      cappedCount(db, unconfirmedDelivery(teamId, viewer, now)),
      cappedCount(db, sql`${scope(teamId, viewer)} and ${keyIsLive()} and ${ownerlessSql()}`),
      ...vendors.map((v) => cappedCount(db, sql`${scope(teamId, viewer)} and ${keys.vendor} = ${v.vendor}`)),
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
