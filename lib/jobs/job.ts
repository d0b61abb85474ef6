import type { Db } from "@/lib/db/client";

/** What a job's run gets: the database and the runner's time for this run. */
interface JobContext {
  db: Db;
  now: Date;
}

/** What a run may answer: an earlier time to run again, when it knows work falls due before its interval ends. */
interface JobOutcome {
  runAgainBy?: Date | null;
}

/**
 * A named piece of scheduled work. The runner runs it at most once per due time across every
 * console instance on the database; a failure is retried after `backoff` (doubling, capped).
 * A run should be safe to repeat: a lease that runs out (a console that died mid-run) lets
 * another instance run it again.
 */
export interface JobDefinition {
  /** Stable: the row in `jobs` that holds its state is found by it. */
  name: string;
  /** Time from the end of a successful run to the next. */
  everyMs: number;
  /** Due as soon as a console starts (else a new job first runs one interval after it is registered). */
  runAtStartup?: boolean;
  /** How long a run may hold the job without renewing (the runner renews while it runs). Default 10 minutes. */
  leaseMs?: number;
  /** Delay after the n-th failure in a row: firstMs·2^(n-1), at most maxMs. Defaults 30 s and 30 minutes. */
  backoff?: { firstMs: number; maxMs: number };
  run(ctx: JobContext): Promise<JobOutcome | void>;
}

export const DEFAULT_LEASE_MS = 10 * 60_000;
export const DEFAULT_BACKOFF = { firstMs: 30_000, maxMs: 30 * 60_000 } as const;

/** Delay before retrying after `failures` failures in a row (1 = the first failure). */
export function backoffMs(failures: number, backoff: { firstMs: number; maxMs: number } = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  return Math.min(backoff.firstMs * 2 ** exponent, backoff.maxMs);
}
