import "server-only";
import type { Db } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import { adapterFor } from "@/lib/vendors/registry";
import { withJobLock } from "./job-lock";
import { reconcileConnection } from "./reconcile";
import { retireDueKeys } from "./retire-due";

/**
 * Reconciles every connection whose vendor can list keys. Each connection on its own: an
 * unreachable vendor is recorded (by reconcileConnection) and the others still run.
 */
export async function reconcileAllConnections(db: Db): Promise<{ connections: number; failed: number }> {
  const rows = await db.select({ id: connections.id, teamId: connections.teamId, vendor: connections.vendor }).from(connections);
  let done = 0;
  let failed = 0;
  for (const row of rows) {
    if (!adapterFor(row.vendor)?.capabilities.lifecycle.includes("list")) continue;
    try {
      await reconcileConnection(db, null, row.teamId, row.id);
      done++;
    } catch {
      failed++;
    }
  }
  return { connections: done, failed };
}

export interface SchedulerOptions {
  getDb: () => Promise<Db>;
  /** 0 turns scheduled reconciliation off. */
  reconcileMinutes: number;
  retireEverySeconds?: number;
}

/**
 * The console's in-process scheduler: retires rotated keys whose grace period is over every
 * minute and reconciles listable connections every `reconcileMinutes`. Every run takes a
 * database lock (job-lock.ts), so several console instances do not run the same job twice.
 * Timers are unref'd: they never keep the process alive. Returns a stop function.
 */
export function startLifecycleScheduler(options: SchedulerOptions): () => void {
  const log = (what: string) => console.error(`[keyward] scheduled ${what} failed`);
  const retire = () => void options.getDb().then((db) => withJobLock(db, "retire", () => retireDueKeys(db))).catch(() => log("retirement"));
  const reconcile = () => void options.getDb().then((db) => withJobLock(db, "reconcile", () => reconcileAllConnections(db))).catch(() => log("reconciliation"));
  const timers = [setInterval(retire, (options.retireEverySeconds ?? 60) * 1000)];
  if (options.reconcileMinutes > 0) timers.push(setInterval(reconcile, options.reconcileMinutes * 60_000));
  for (const t of timers) t.unref();
  return () => timers.forEach(clearInterval);
}
