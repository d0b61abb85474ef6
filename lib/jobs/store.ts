import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { jobs } from "@/lib/db/schema";

/** The job table's statements. Every time is the runner's clock, passed in. */

export type JobRow = typeof jobs.$inferSelect;

/** Creates the rows of jobs seen for the first time; existing rows keep their state (a restart resumes it). */
export async function ensureJobRows(db: Db, rows: Array<{ name: string; nextRunAt: Date }>): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(jobs).values(rows).onConflictDoNothing({ target: jobs.name });
}

/** Makes jobs due now unless they already are (a start-up run); a failing job's backoff is kept. */
export async function dueAtStartup(db: Db, names: string[], now: Date): Promise<void> {
  if (names.length === 0) return;
  await db
    .update(jobs)
    .set({ nextRunAt: now })
    .where(
      and(
        inArray(jobs.name, names),
        sql`${jobs.nextRunAt} > ${now.toISOString()}::timestamptz`,
        eq(jobs.consecutiveFailures, 0),
      ),
    );
}

/**
 * Claims every named job that is due and not leased (or whose lease ran out), in one
 * conditional UPDATE … RETURNING. Row locks make it atomic per row: of runners racing for a
 * job, the first one's update commits the lease, and the others' re-checked condition no
 * longer matches, so each gets back only what it won.
 */
export async function claimDueJobs(
  db: Db,
  names: string[],
  owner: string,
  now: Date,
  leaseMs: (name: string) => number,
): Promise<JobRow[]> {
  if (names.length === 0) return [];
  const at = now.toISOString();
  // Each job has its own lease length: one CASE keeps the claim a single statement.
  const leaseUntil = sql.join(
    [
      sql`case ${jobs.name}`,
      ...names.map((n) => sql`when ${n} then ${new Date(now.getTime() + leaseMs(n)).toISOString()}::timestamptz`),
      sql`end`,
    ],
    sql` `,
  );
  return db
    .update(jobs)
    .set({ leaseOwner: owner, leaseExpiresAt: leaseUntil, lastStartedAt: now })
    .where(
      and(
        inArray(jobs.name, names),
        lte(jobs.nextRunAt, now),
        or(isNull(jobs.leaseExpiresAt), sql`${jobs.leaseExpiresAt} <= ${at}::timestamptz`),
      ),
    )
    .returning();
}

/** Extends a lease the runner still holds; false when it was lost (it ran out and another runner took the job). */
export async function renewLease(db: Db, name: string, owner: string, until: Date): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ leaseExpiresAt: until })
    .where(and(eq(jobs.name, name), eq(jobs.leaseOwner, owner)))
    .returning({ name: jobs.name });
  return rows.length > 0;
}

export type Finish = { ok: true; at: Date; nextRunAt: Date } | { ok: false; at: Date; nextRunAt: Date; error: string };

/** Records how a run ended and when the job is due next, and frees the lease — if this run still holds it. */
export async function finishJob(db: Db, name: string, owner: string, finish: Finish): Promise<boolean> {
  const common = { leaseOwner: null, leaseExpiresAt: null, lastFinishedAt: finish.at, nextRunAt: finish.nextRunAt };
  const change = finish.ok
    ? { ...common, lastSucceededAt: finish.at, lastError: null, consecutiveFailures: 0 }
    : { ...common, lastError: finish.error, consecutiveFailures: sql`${jobs.consecutiveFailures} + 1` };
  const rows = await db
    .update(jobs)
    .set(change)
    .where(and(eq(jobs.name, name), eq(jobs.leaseOwner, owner)))
    .returning({ name: jobs.name });
  return rows.length > 0;
}

/** The earliest time any of the named jobs could be claimed: due, and its lease (if any) over. */
export async function nextClaimableAt(db: Db, names: string[]): Promise<Date | null> {
  if (names.length === 0) return null;
  const [row] = await db
    .select({
      ms: sql<
        number | null
      >`(extract(epoch from min(greatest(${jobs.nextRunAt}, coalesce(${jobs.leaseExpiresAt}, ${jobs.nextRunAt})))) * 1000)::float8`,
    })
    .from(jobs)
    .where(inArray(jobs.name, names));
  return row?.ms == null ? null : new Date(Number(row.ms));
}

export async function readJob(db: Db, name: string): Promise<JobRow | null> {
  const [row] = await db.select().from(jobs).where(eq(jobs.name, name)).limit(1);
  return row ?? null;
}
