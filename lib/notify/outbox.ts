import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { notificationOutbox } from "@/lib/db/schema";

export type NotificationOutboxRow = typeof notificationOutbox.$inferSelect;

/** Deliveries are retried for a day, then shown as failed. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;

/** How long a claimed row is held before another instance may try it (a console that died mid-send). */
const LEASE_MS = 2 * 60_000;

/** Delay after the n-th failed attempt: 30 s doubling, at most an hour (about 30 tries in the day before giving up). */
function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.min(Math.max(attempts, 1) - 1, 20), 60 * 60_000);
}

/**
 * Claims up to `limit` due rows for this runner: one UPDATE over a `FOR UPDATE SKIP LOCKED`
 * subquery, so instances claiming at once take disjoint rows, and a row another instance has
 * just claimed fails the re-checked lease condition. The attempt is counted at the claim.
 */
export async function claimDue(
  db: Db,
  owner: string,
  now: Date,
  limit = 20,
  onlyId?: string,
): Promise<NotificationOutboxRow[]> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + LEASE_MS).toISOString();
  const t = notificationOutbox;
  return db
    .update(t)
    .set({ leaseOwner: owner, leaseUntil: sql`${until}::timestamptz`, attempts: sql`${t.attempts} + 1` })
    .where(
      sql`${t.id} in (select ${t.id} from ${t} where ${t.status} = 'pending' ${onlyId ? sql`and ${t.id} = ${onlyId}` : sql``} and ${t.nextAttemptAt} <= ${at}::timestamptz
        and (${t.leaseUntil} is null or ${t.leaseUntil} < ${at}::timestamptz)
        order by ${t.nextAttemptAt} limit ${limit} for update skip locked)`,
    )
    .returning();
}

type Settlement =
  { kind: "sent"; statusCode?: number } | { kind: "held" } | { kind: "failed"; error: string; statusCode?: number };

/** Records how an attempt ended; only the lease holder's answer counts. */
export async function settle(
  db: Db,
  row: NotificationOutboxRow,
  owner: string,
  now: Date,
  outcome: Settlement,
): Promise<void> {
  const mine = and(eq(notificationOutbox.id, row.id), eq(notificationOutbox.leaseOwner, owner));
  const released = { leaseOwner: null, leaseUntil: null };
  if (outcome.kind !== "failed") {
    await db
      .update(notificationOutbox)
      .set({
        ...released,
        status: outcome.kind,
        sentAt: outcome.kind === "sent" ? now : null,
        lastError: null,
        lastStatusCode: outcome.kind === "sent" ? (outcome.statusCode ?? null) : null,
      })
      .where(mine);
    return;
  }
  const next = new Date(now.getTime() + retryDelayMs(row.attempts));
  const givesUp = next >= row.giveUpAt;
  await db
    .update(notificationOutbox)
    .set({
      ...released,
      status: givesUp ? "failed" : "pending",
      nextAttemptAt: next,
      lastError: outcome.error.slice(0, 500),
      lastStatusCode: outcome.statusCode ?? null,
    })
    .where(mine);
}

/** The team's recent deliveries, newest first, for the delivery log and the local outbox page. */
export async function recentDeliveries(
  db: Db,
  teamId: string,
  filter: { channel?: "email" | "webhook"; status?: NotificationOutboxRow["status"] } = {},
  limit = 100,
): Promise<NotificationOutboxRow[]> {
  return db
    .select()
    .from(notificationOutbox)
    .where(
      and(
        eq(notificationOutbox.teamId, teamId),
        filter.channel ? eq(notificationOutbox.channel, filter.channel) : undefined,
        filter.status ? eq(notificationOutbox.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(notificationOutbox.createdAt))
    .limit(limit);
}

/** The delivery log's rows as the page shows them (times as ISO text). */
export async function deliveryLog(db: Db, teamId: string, limit = 100) {
  const rows = await recentDeliveries(db, teamId, {}, limit);
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    event: r.event,
    channel: r.channel,
    recipient: r.recipient,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    lastStatusCode: r.lastStatusCode,
    nextAttemptAt: r.nextAttemptAt.toISOString(),
  }));
}
