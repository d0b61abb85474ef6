import { describe, expect, it } from "vitest";
import { consoleJobs } from "./console-jobs";

// The console's jobs: lapsing at start-up and every 30 s, the recovery sweep at start-up and every 2 minutes, retirement and Keyward-enforced expiry every minute, expiry reminders and the unused-key policy every 10 minutes, the notification outbox every 15 s, audit streams every 10 s, reconciliation as configured.

describe("consoleJobs", () => {
  it("registers the lapse, recovery, retirement, expiry, reminder, unused-key, delivery, audit stream and reconcile jobs, reconcile every KEYWARD_RECONCILE_MINUTES", () => {
    const jobs = consoleJobs({ reconcileMinutes: 60 });
    expect(jobs.map((j) => [j.name, j.everyMs, j.runAtStartup ?? false])).toEqual([
      ["requests.lapse", 30_000, true],
      ["issuance.recover", 120_000, true],
      ["keys.retire-due", 60_000, false],
      ["keys.expire-due", 60_000, true],
      ["notify.reminders", 600_000, true],
      ["keys.unused", 600_000, false],
      ["notify.deliver", 15_000, true],
      ["audit.stream", 10_000, true],
      ["connections.reconcile", 3_600_000, false],
    ]);
  });

  it("leaves reconciliation out when it is turned off", () => {
    expect(consoleJobs({ reconcileMinutes: 0 }).map((j) => j.name)).toEqual([
      "requests.lapse",
      "issuance.recover",
      "keys.retire-due",
      "keys.expire-due",
      "notify.reminders",
      "keys.unused",
      "notify.deliver",
      "audit.stream",
    ]);
  });

  it("runs the recovery sweep as often as configured, with a lease short enough that a restarted console takes it over soon", () => {
    const recover = (everySeconds: number) =>
      consoleJobs({ reconcileMinutes: 0, recover: { afterSeconds: 300, everySeconds } }).find(
        (j) => j.name === "issuance.recover",
      )!;
    expect([recover(7).everyMs, recover(7).leaseMs]).toEqual([7_000, 7_000]);
    expect([recover(120).everyMs, recover(120).leaseMs]).toEqual([120_000, 30_000]);
  });
});
