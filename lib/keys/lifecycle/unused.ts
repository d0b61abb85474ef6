import "server-only";
import { and, eq, exists, gt, isNotNull, lte, notExists, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keys, teams, unusedReminders } from "@/lib/db/schema";
import { inTransaction } from "@/lib/db/transaction";
import { log } from "@/lib/log";
import { describeJobError } from "@/lib/jobs/error-text";
import { notify } from "@/lib/notify/notify";
import { notifyKeyEnded } from "@/lib/notify/key-events";
import { DAY_MS, idleBeforeCondition, idleSinceSql } from "../unused";
import { loadKeyContext } from "./context";
import { revokeLoadedKey } from "./revoke";

/**
 * The team policy "revoke keys unused for N days" (teams.revoke_unused_after_days), for vendors
 * that report last use (lib/keys/unused.ts has the rule for "unused"). Two steps, each safe to
 * repeat and to run on several instances:
 *
 * 1. From N−7 days idle, the owner gets one `key.unused` notice per key and idle period, claimed
 *    by the period's row in `unused_reminders` in the notice's own transaction.
 * 2. The key is revoked through the ordinary revoke (audited, reason "unused for N days") once it
 *    is N days idle AND its reminder is at least 7 days old — a key found already past N days
 *    when the policy is switched on still gets its week's warning. A use in between starts a new
 *    idle period: the old reminder no longer matches and the key stays.
 *
 * Revokes act only on fresh evidence: reconcile must have seen the key within the last
 * FRESH_DAYS days, so a stalled reconcile (an unreachable vendor) holds revokes back instead of
 * acting on a last use it can no longer update.
 */

const UNUSED_REMINDER_DAYS = 7;
const FRESH_DAYS = 2;
const BATCH = 100;

export interface UnusedSummary {
  reminded: number;
  revoked: number;
  byHand: number;
  failed: number;
}

/** The idle period's start at millisecond precision, so the value read back into a Date matches the stored one. */
const idleSince = () => sql`date_trunc('milliseconds', ${idleSinceSql()})`;

const reminderFor = () => and(eq(unusedReminders.keyId, keys.id), sql`${unusedReminders.idleSince} = ${idleSince()}`);

const day = (d: Date) => d.toISOString().slice(0, 10);

export async function enforceUnusedKeyPolicy(db: Db, now: Date): Promise<UnusedSummary> {
  const summary: UnusedSummary = { reminded: 0, revoked: 0, byHand: 0, failed: 0 };
  const policies = await db
    .select({ id: teams.id, days: teams.revokeUnusedAfterDays })
    .from(teams)
    .where(isNotNull(teams.revokeUnusedAfterDays));
  for (const team of policies) {
    const days = team.days!;
    summary.reminded += await remindTeam(db, team.id, days, now);
    const revoked = await revokeTeam(db, team.id, days, now);
    summary.revoked += revoked.revoked;
    summary.byHand += revoked.byHand;
    summary.failed += revoked.failed;
  }
  return summary;
}

async function remindTeam(db: Db, teamId: string, days: number, now: Date): Promise<number> {
  const remindFrom = new Date(now.getTime() - (days - UNUSED_REMINDER_DAYS) * DAY_MS);
  const due = await db
    .select({
      id: keys.id,
      name: keys.name,
      ownerId: keys.issuedBy,
      idleSince: idleSince().mapWith(keys.issuedAt),
    })
    .from(keys)
    .where(
      and(
        eq(keys.teamId, teamId),
        eq(keys.retireByHand, false),
        idleBeforeCondition(remindFrom, now),
        notExists(
          db
            .select({ one: sql`1` })
            .from(unusedReminders)
            .where(reminderFor()),
        ),
      ),
    )
    .limit(BATCH);
  let queued = 0;
  for (const key of due) {
    const sent = await inTransaction(db, async (tx) => {
      const [claimed] = await tx
        .insert(unusedReminders)
        .values({ keyId: key.id, idleSince: key.idleSince, sentAt: now })
        .onConflictDoNothing()
        .returning({ keyId: unusedReminders.keyId });
      if (!claimed) return false;
      const idleDays = Math.floor((now.getTime() - key.idleSince.getTime()) / DAY_MS);
      const revokeOn = new Date(
        Math.max(key.idleSince.getTime() + days * DAY_MS, now.getTime() + UNUSED_REMINDER_DAYS * DAY_MS),
      );
      await notify(
        tx,
        {
          teamId,
          event: "key.unused",
          occurrence: `${key.id}:${key.idleSince.toISOString()}`,
          to: [key.ownerId],
          subject: `Key “${key.name}” has not been used for ${idleDays} days; it will be revoked on ${day(revokeOn)}.`,
          body: `Your key “${key.name}” has not been used for ${idleDays} days. The team revokes keys unused for ${days} days: it will be revoked on or after ${day(revokeOn)} unless it is used before then. If nothing uses it any more, no action is needed.`,
          link: `/keys/${key.id}`,
        },
        now,
      );
      return true;
    });
    if (sent) queued++;
  }
  return queued;
}

async function revokeTeam(db: Db, teamId: string, days: number, now: Date) {
  const result = { revoked: 0, byHand: 0, failed: 0 };
  const warnedBefore = new Date(now.getTime() - UNUSED_REMINDER_DAYS * DAY_MS);
  const due = await db
    .select({ id: keys.id })
    .from(keys)
    .where(
      and(
        eq(keys.teamId, teamId),
        eq(keys.retireByHand, false),
        gt(keys.lastSeenAt, new Date(now.getTime() - FRESH_DAYS * DAY_MS)),
        idleBeforeCondition(new Date(now.getTime() - days * DAY_MS), now),
        exists(
          db
            .select({ one: sql`1` })
            .from(unusedReminders)
            .where(and(reminderFor(), lte(unusedReminders.sentAt, warnedBefore))),
        ),
      ),
    )
    .limit(BATCH);
  for (const { id } of due) {
    try {
      const ctx = await loadKeyContext(db, teamId, id);
      const outcome = await revokeLoadedKey(db, null, ctx, "unused", `unused for ${days} days`);
      if (outcome.kind === "revoked") {
        result.revoked++;
        await notifyKeyEnded(db, id, { unusedDays: days }, now).catch((err: unknown) =>
          log.error(`[keyward] a key notice could not be queued: ${describeJobError(err)}`),
        );
      } else result.byHand++;
    } catch {
      // The failed vendor call is audited by the revoke; the key stays due for the next run.
      result.failed++;
    }
  }
  return result;
}
