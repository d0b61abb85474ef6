import "server-only";
import type { Db } from "@/lib/db/client";

/**
 * One run of a scheduled job at a time, across every console instance sharing the database.
 * On PostgreSQL a session advisory lock is taken with pg_try_advisory_lock on a connection of
 * its own (so it is released with that connection if the process dies); a run that finds it
 * held is skipped, not queued. PGlite admits one process per data directory, and a session
 * lock is re-entrant within its one session, so the in-process guard is what counts there.
 */

export const JOB_LOCKS = { reconcile: 0x6b77_7263, retire: 0x6b77_7274 } as const;
export type JobName = keyof typeof JOB_LOCKS;

const running = new Set<string>();

interface PoolClientLike {
  query(sql: string, params: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
  release(): void;
}
interface PoolLike {
  connect(): Promise<PoolClientLike>;
  totalCount: number;
}

function poolOf(db: Db): PoolLike | null {
  const client = (db as unknown as { $client?: unknown }).$client;
  return client && typeof (client as PoolLike).connect === "function" && "totalCount" in (client as object) ? (client as PoolLike) : null;
}

/** Runs `job` under the lock named `name`; answers `{ ran: false }` when another run holds it. */
export async function withJobLock<T>(db: Db, name: JobName, job: () => Promise<T>): Promise<{ ran: true; result: T } | { ran: false }> {
  const guard = `${name}`;
  if (running.has(guard)) return { ran: false };
  running.add(guard);
  try {
    const pool = poolOf(db);
    if (!pool) return { ran: true, result: await job() };
    const client = await pool.connect();
    try {
      const { rows } = await client.query("select pg_try_advisory_lock($1) as locked", [JOB_LOCKS[name]]);
      if (rows[0]?.locked !== true) return { ran: false };
      try {
        return { ran: true, result: await job() };
      } finally {
        await client.query("select pg_advisory_unlock($1)", [JOB_LOCKS[name]]).catch(() => undefined);
      }
    } finally {
      client.release();
    }
  } finally {
    running.delete(guard);
  }
}
