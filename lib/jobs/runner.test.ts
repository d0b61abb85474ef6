import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { ManualClock } from "./clock";
import type { JobDefinition } from "./job";
import { JobRunner } from "./runner";
import { readJob } from "./store";

// The durable job runner on both engines: one run per due time whatever the number of runners,
// state that outlives a runner, backoff, the last error, and time that only the test moves.

const SECOND = 1_000;
let counter = 0;
/** A job name of its own per test, so tests sharing a database never see each other's rows. */
const unique = (what: string) => `test.${what}.${++counter}`;
const quiet = () => undefined;

describe.each(databaseEngines())("job runner on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  /** The database as a second console instance sees it: its own pool on PostgreSQL; PGlite is one process, one connection. */
  let otherDb: Db;

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    otherDb = handle.openAnother ? (await handle.openAnother()).db : db;
  });
  afterAll(() => handle?.close());

  const runner = (jobs: JobDefinition[], clock: ManualClock, on: Db = db, owner?: string) =>
    new JobRunner({ db: on, jobs, clock, owner, log: quiet });

  it("two runners racing for a due job run it exactly once per due time", async () => {
    const clock = new ManualClock();
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const job: JobDefinition = {
      name: unique("race"),
      everyMs: 60 * SECOND,
      runAtStartup: true,
      async run() {
        runs++;
        maxConcurrent = Math.max(maxConcurrent, ++concurrent);
        // Stay running a moment, so the other runner's claims meet a live lease.
        await new Promise((r) => setTimeout(r, 5));
        concurrent--;
      },
    };
    const a = runner([job], clock, db, "instance-a");
    const b = runner([job], clock, otherDb, "instance-b");
    await Promise.all([a.prepare(), b.prepare()]);
    for (let round = 1; round <= 8; round++) {
      const reports = (await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()])).flat();
      expect(reports.map((r) => r.ok)).toEqual([true]);
      expect(runs).toBe(round);
      // Not due again until its interval has passed.
      clock.advance(59 * SECOND);
      expect((await Promise.all([a.tick(), b.tick()])).flat()).toEqual([]);
      clock.advance(1 * SECOND);
    }
    expect(maxConcurrent).toBe(1);
    const row = await readJob(db, job.name);
    expect(row).toMatchObject({ consecutiveFailures: 0, lastError: null, leaseOwner: null, leaseExpiresAt: null });
  });

  it("keeps its state in the table: a new runner (a restart) resumes it, and takes over a run whose runner died once its lease runs out", async () => {
    const clock = new ManualClock();
    const start = clock.now();
    let release!: () => void;
    const ran: string[] = [];
    const name = unique("restart");
    const job = (who: string, hang = false): JobDefinition => ({
      name,
      everyMs: 10 * 60 * SECOND,
      runAtStartup: true,
      leaseMs: 5 * 60 * SECOND,
      run: () => {
        ran.push(who);
        return hang ? new Promise<void>((r) => (release = r)) : Promise.resolve();
      },
    });

    const first = runner([job("first")], clock);
    await first.prepare();
    await first.tick();
    expect(await readJob(db, name)).toMatchObject({
      lastStartedAt: start,
      lastFinishedAt: start,
      lastSucceededAt: start,
      nextRunAt: new Date(start.getTime() + 10 * 60 * SECOND),
    });

    // "Restarted": a new runner object that knows nothing but the table. Not due yet, so nothing runs.
    clock.advance(5 * 60 * SECOND);
    const second = runner([{ ...job("second"), runAtStartup: false }], clock, otherDb);
    await second.prepare();
    expect(await second.tick()).toEqual([]);
    clock.advance(5 * 60 * SECOND);
    const hanging = runner([{ ...job("hanging", true), runAtStartup: false }], clock, db, "dies");
    const stuck = hanging.tick();
    await expect.poll(() => ran.length).toBe(2);
    expect((await readJob(db, name))!.leaseOwner).toBe("dies");
    // The run holds the job: the other instance may not start it again while the lease lasts…
    expect(await second.tick()).toEqual([]);
    clock.advance(5 * 60 * SECOND - 1);
    expect(await second.tick()).toEqual([]);
    // …and takes it over once the lease has run out (the runner that held it is presumed dead).
    clock.advance(1);
    expect(await second.tick()).toEqual([{ name, ok: true }]);
    expect(ran).toEqual(["first", "hanging", "second"]);
    const afterTakeover = await readJob(db, name);
    // The dead runner's late finish changes nothing: the run it had is no longer its own.
    release();
    await stuck;
    expect(await readJob(db, name)).toEqual(afterTakeover);
    expect(afterTakeover).toMatchObject({ leaseOwner: null, lastFinishedAt: clock.now() });
  });

  it("retries a failing job after a doubling, capped backoff, records the last error without SQL or parameters, and clears it on success", async () => {
    const clock = new ManualClock();
    let fail = true;
    const name = unique("backoff");
    const job: JobDefinition = {
      name,
      everyMs: 60 * 60 * SECOND,
      runAtStartup: true,
      backoff: { firstMs: 10 * SECOND, maxMs: 40 * SECOND },
      async run({ db: jobDb }) {
        // A statement that fails with a parameter in it: the parameter must not reach last_error.
        if (fail) await jobDb.execute(sql`select ${"hunter2-not-a-uuid"}::uuid`);
      },
    };
    const r = runner([job], clock);
    await r.prepare();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const before = clock.now();
      const [report] = await r.tick();
      expect(report).toMatchObject({ name, ok: false });
      const row = (await readJob(db, name))!;
      expect(row.consecutiveFailures).toBe(attempt);
      expect(row.lastError).toMatch(/\[22P02\]: invalid input syntax for type uuid/);
      expect(row.lastError).not.toMatch(/hunter2|select|params/i);
      expect(row.lastFinishedAt).toEqual(before);
      expect(row.lastSucceededAt).toBeNull();
      const delay = row.nextRunAt.getTime() - before.getTime();
      delays.push(delay);
      // Not a moment earlier.
      clock.advance(delay - 1);
      expect(await r.tick()).toEqual([]);
      clock.advance(1);
    }
    expect(delays).toEqual([10, 20, 40, 40, 40].map((s) => s * SECOND));

    // A restart keeps the backoff: start-up does not pull a failing job forward.
    fail = false;
    const restarted = runner([job], clock, otherDb);
    clock.advance(-1);
    await restarted.prepare();
    expect(await restarted.tick()).toEqual([]);
    clock.advance(1);
    expect(await restarted.tick()).toEqual([{ name, ok: true }]);
    expect(await readJob(db, name)).toMatchObject({
      consecutiveFailures: 0,
      lastError: null,
      lastSucceededAt: clock.now(),
      nextRunAt: new Date(clock.now().getTime() + 60 * 60 * SECOND),
    });
  });

  it("runs a job again earlier when its run asks to, but never sooner than a second later", async () => {
    const clock = new ManualClock();
    let ask: Date | null = null;
    const name = unique("asks");
    const r = runner(
      [{ name, everyMs: 30 * SECOND, runAtStartup: true, run: async () => ({ runAgainBy: ask }) }],
      clock,
    );
    await r.prepare();
    ask = new Date(clock.now().getTime() + 5 * SECOND);
    await r.tick();
    expect((await readJob(db, name))!.nextRunAt).toEqual(ask);
    clock.set(ask);
    ask = new Date(clock.now().getTime() - 60 * SECOND);
    await r.tick();
    expect((await readJob(db, name))!.nextRunAt).toEqual(new Date(clock.now().getTime() + SECOND));
    clock.advance(SECOND);
    ask = new Date(clock.now().getTime() + 10 * 60 * SECOND);
    await r.tick();
    // Later than its interval counts for nothing: the interval wins.
    expect((await readJob(db, name))!.nextRunAt).toEqual(new Date(clock.now().getTime() + 30 * SECOND));
  });

  it("start() runs start-up jobs at once, even when their next run was later, and a new job one interval after it appears", async () => {
    const clock = new ManualClock();
    const ran: string[] = [];
    const atStart = unique("at-start");
    const later = unique("later");
    const jobs: JobDefinition[] = [
      { name: atStart, everyMs: 60 * SECOND, runAtStartup: true, run: async () => void ran.push(atStart) },
      { name: later, everyMs: 60 * SECOND, run: async () => void ran.push(later) },
    ];
    const first = runner(jobs, clock);
    expect(await first.start()).toEqual([{ name: atStart, ok: true }]);
    await first.stop();
    expect(await readJob(db, later)).toMatchObject({
      nextRunAt: new Date(clock.now().getTime() + 60 * SECOND),
      lastStartedAt: null,
    });
    clock.advance(10 * SECOND);
    // A restart within the interval: the start-up job runs again, the other waits for its time.
    const second = runner(jobs, clock, otherDb);
    expect(await second.start()).toEqual([{ name: atStart, ok: true }]);
    await second.stop();
    expect(ran).toEqual([atStart, atStart]);
  });

  it("refuses two jobs of one name", () => {
    const job: JobDefinition = { name: "twice", everyMs: 1, run: async () => undefined };
    expect(() => runner([job, job], new ManualClock())).toThrow(/Two jobs are named/);
    expect(() => runner([{ ...job, everyMs: 0 }], new ManualClock())).toThrow(/positive interval/);
  });

  it("an application error is recorded by code and message", async () => {
    const clock = new ManualClock();
    const name = unique("app-error");
    const r = runner(
      [
        {
          name,
          everyMs: 60 * SECOND,
          runAtStartup: true,
          run: async () => {
            throw new AppError("vendor_timeout", 504, "The vendor did not answer in time.\nsecond line");
          },
        },
      ],
      clock,
    );
    await r.prepare();
    expect(await r.tick()).toEqual([
      { name, ok: false, error: "AppError vendor_timeout: The vendor did not answer in time." },
    ]);
    expect((await readJob(db, name))!.lastError).toBe("AppError vendor_timeout: The vendor did not answer in time.");
  });
});
