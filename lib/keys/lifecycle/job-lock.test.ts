import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { JOB_LOCKS, withJobLock } from "./job-lock";

// Scheduled jobs run once at a time across console instances; a run that finds the lock held is skipped.

describe.each(databaseEngines())("withJobLock on $name", (engine) => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(() => handle?.close());

  it("skips a second run in the same process while the first is running, and runs again after", async () => {
    let release!: () => void;
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const first = withJobLock(handle.db, "retire", () => new Promise<string>((resolve) => {
      release = () => resolve("first");
      started();
    }));
    await running;
    expect(await withJobLock(handle.db, "retire", async () => "second")).toEqual({ ran: false });
    // Another job's lock is independent.
    expect(await withJobLock(handle.db, "reconcile", async () => "other")).toEqual({ ran: true, result: "other" });
    release();
    expect(await first).toEqual({ ran: true, result: "first" });
    expect(await withJobLock(handle.db, "retire", async () => "again")).toEqual({ ran: true, result: "again" });
  });

  it.runIf(engine.name === "postgres")("skips when another console instance holds the job's database lock", async () => {
    const other = await handle.openAnother!();
    const { Client } = await import("pg");
    // A session lock held by "another instance": a connection of its own, as job-lock.ts takes it.
    const pool = (other.db as unknown as { $client: { connect(): Promise<InstanceType<typeof Client> & { release(): void }> } }).$client;
    const holder = await pool.connect();
    try {
      await holder.query("select pg_advisory_lock($1)", [JOB_LOCKS.reconcile]);
      expect(await withJobLock(handle.db, "reconcile", async () => "ran")).toEqual({ ran: false });
      await holder.query("select pg_advisory_unlock($1)", [JOB_LOCKS.reconcile]);
      expect(await withJobLock(handle.db, "reconcile", async () => "ran")).toEqual({ ran: true, result: "ran" });
    } finally {
      holder.release();
    }
  });
});
