import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { systemClock, type Clock } from "./clock";
import { describeJobError } from "./error-text";
import { backoffMs, DEFAULT_BACKOFF, DEFAULT_LEASE_MS, type JobDefinition } from "./job";
import { claimDueJobs, dueAtStartup, ensureJobRows, finishJob, nextClaimableAt, renewLease } from "./store";

export interface JobRunnerOptions {
  db: Db | (() => Promise<Db>);
  jobs: JobDefinition[];
  clock?: Clock;
  /** Identifies this runner in `jobs.lease_owner`; random by default (one per console process). */
  owner?: string;
  /** Longest sleep between looks at the table, so a job another instance left behind is picked up. */
  maxSleepMs?: number;
  /** Where a failed run is reported (the same safe text as `last_error`). */
  log?: (line: string) => void;
}

/** How one run ended, as `tick()` reports it. */
export interface RunReport {
  name: string;
  ok: boolean;
  error?: string;
}

// A run that asks to run again "now" still waits this long, so a job cannot spin.
const MIN_GAP_MS = 1_000;

/**
 * The durable job runner. State lives in the `jobs` table, so any number of console
 * instances can run one each: a due job is claimed by a single conditional UPDATE (one
 * winner), run, and finished with its next due time, last run and error; a failure is retried
 * after an exponential backoff. `tick()` is one look at the table (tests call it with a moved
 * clock); `start()` ticks on a timer, sleeping until the earliest job could be claimed.
 */
export class JobRunner {
  readonly owner: string;
  private readonly clock: Clock;
  private readonly byName: Map<string, JobDefinition>;
  private readonly running = new Map<string, Promise<RunReport>>();
  private readonly getDb: () => Promise<Db>;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private readonly maxSleepMs: number;
  private readonly log: (line: string) => void;

  constructor(options: JobRunnerOptions) {
    const { db } = options;
    this.getDb = typeof db === "function" ? db : async () => db;
    this.clock = options.clock ?? systemClock;
    this.owner = options.owner ?? randomUUID();
    this.maxSleepMs = options.maxSleepMs ?? 30_000;
    this.log = options.log ?? ((line) => log.error(line));
    this.byName = new Map();
    for (const job of options.jobs) {
      if (this.byName.has(job.name)) throw new Error(`Two jobs are named "${job.name}".`);
      if (!(job.everyMs > 0)) throw new Error(`Job "${job.name}" needs a positive interval.`);
      this.byName.set(job.name, job);
    }
  }

  private get names(): string[] {
    return [...this.byName.keys()];
  }

  /** Creates the rows of new jobs, and makes start-up jobs due now. */
  async prepare(): Promise<void> {
    const db = await this.getDb();
    const now = this.clock.now();
    const jobs = [...this.byName.values()];
    await ensureJobRows(
      db,
      jobs.map((j) => ({ name: j.name, nextRunAt: j.runAtStartup ? now : new Date(now.getTime() + j.everyMs) })),
    );
    await dueAtStartup(
      db,
      jobs.filter((j) => j.runAtStartup).map((j) => j.name),
      now,
    );
  }

  /**
   * Claims every due job this runner is not already running, runs them side by side, and
   * answers when all of them have finished. A job another instance holds is left alone.
   */
  async tick(): Promise<RunReport[]> {
    return Promise.all(await this.startDue());
  }

  /** Claims and starts the due jobs; answers their runs without waiting for them. */
  private async startDue(): Promise<Array<Promise<RunReport>>> {
    const db = await this.getDb();
    const free = this.names.filter((n) => !this.running.has(n));
    const now = this.clock.now();
    const claimed = await claimDueJobs(db, free, this.owner, now, (n) => this.leaseMs(n));
    return claimed.map((row) => {
      const run = this.runClaimed(db, this.byName.get(row.name)!, row.consecutiveFailures, now).finally(() =>
        this.running.delete(row.name),
      );
      this.running.set(row.name, run);
      return run;
    });
  }

  private leaseMs(name: string): number {
    return this.byName.get(name)?.leaseMs ?? DEFAULT_LEASE_MS;
  }

  private async runClaimed(db: Db, job: JobDefinition, failuresBefore: number, startedAt: Date): Promise<RunReport> {
    // Renewed while the run lasts, so only a runner that stopped (died) lets its lease run out.
    const lease = this.leaseMs(job.name);
    const renew = setInterval(
      () =>
        void renewLease(db, job.name, this.owner, new Date(this.clock.now().getTime() + lease)).catch(() => undefined),
      Math.max(lease / 3, 1_000),
    );
    renew.unref();
    try {
      const outcome = await job.run({ db, now: startedAt });
      const at = this.clock.now();
      const regular = at.getTime() + job.everyMs;
      const asked = outcome?.runAgainBy ? Math.max(outcome.runAgainBy.getTime(), at.getTime() + MIN_GAP_MS) : regular;
      await finishJob(db, job.name, this.owner, { ok: true, at, nextRunAt: new Date(Math.min(regular, asked)) });
      return { name: job.name, ok: true };
    } catch (err) {
      const error = describeJobError(err);
      const at = this.clock.now();
      const retryIn = backoffMs(failuresBefore + 1, job.backoff ?? DEFAULT_BACKOFF);
      this.log(
        `[keyward] job ${job.name} failed (${failuresBefore + 1} in a row, retry in ${Math.round(retryIn / 1000)} s): ${error}`,
      );
      await finishJob(db, job.name, this.owner, {
        ok: false,
        at,
        nextRunAt: new Date(at.getTime() + retryIn),
        error,
      }).catch(() => undefined);
      return { name: job.name, ok: false, error };
    } finally {
      clearInterval(renew);
    }
  }

  /**
   * Runs the jobs on a timer until stop(): prepares the rows, starts what is due at once
   * (start-up jobs), then sleeps until the earliest job could be claimed, at most maxSleepMs.
   * A long run does not hold up the others. Timers are unref'd, so they never keep the process
   * alive. Resolves when the runs started at once have finished.
   */
  async start(): Promise<RunReport[]> {
    if (!this.stopped) return [];
    this.stopped = false;
    let first: Array<Promise<RunReport>> = [];
    try {
      await this.prepare();
      first = await this.startAndWatch();
    } catch (err) {
      this.log(`[keyward] job runner could not start: ${describeJobError(err)}`);
    }
    await this.schedule();
    return Promise.all(first);
  }

  /** Stops the timer and waits for runs in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.running.values()]);
  }

  /** Starts the due jobs; when each ends, the next wake-up is worked out again from its new due time. */
  private async startAndWatch(): Promise<Array<Promise<RunReport>>> {
    const runs = await this.startDue();
    for (const run of runs) void run.finally(() => this.schedule());
    return runs;
  }

  private async schedule(): Promise<void> {
    if (this.stopped) return;
    let wait = this.maxSleepMs;
    try {
      const next = await nextClaimableAt(await this.getDb(), this.names);
      if (next) wait = Math.min(wait, Math.max(next.getTime() - this.clock.now().getTime(), 50));
    } catch {
      // The database is away: look again after the longest sleep.
    }
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.startAndWatch()
        .catch((err: unknown) => this.log(`[keyward] job runner could not read its table: ${describeJobError(err)}`))
        .finally(() => this.schedule());
    }, wait);
    this.timer.unref();
  }
}
