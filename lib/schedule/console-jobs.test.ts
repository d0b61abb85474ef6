import { describe, expect, it } from "vitest";
import { consoleJobs } from "./console-jobs";

// The console's jobs: lapsing at start-up and every 30 s, the recovery sweep at start-up and every 2 minutes, retirement and Keyward-enforced expiry every minute, reconciliation as configured.

describe("consoleJobs", () => {
  it("registers the lapse, recovery, retirement, expiry and reconcile jobs, reconcile every KEYWARD_RECONCILE_MINUTES", () => {
    const jobs = consoleJobs({ reconcileMinutes: 60 });
    expect(jobs.map((j) => [j.name, j.everyMs, j.runAtStartup ?? false])).toEqual([
      ["requests.lapse", 30_000, true],
      ["issuance.recover", 120_000, true],
      ["keys.retire-due", 60_000, false],
      ["keys.expire-due", 60_000, true],
      ["connections.reconcile", 3_600_000, false],
    ]);
  });

  it("leaves reconciliation out when it is turned off", () => {
    expect(consoleJobs({ reconcileMinutes: 0 }).map((j) => j.name)).toEqual([
      "requests.lapse",
      "issuance.recover",
      "keys.retire-due",
      "keys.expire-due",
    ]);
  });
});
