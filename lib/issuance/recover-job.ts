import "server-only";
import type { JobDefinition } from "@/lib/jobs/job";
import { recoverStaleAttempts } from "./recover";

/**
 * `issuance.recover`: the recovery sweep at start-up (a console that died mid-mint is usually the
 * one starting again) and every `everySeconds`. The runner runs it on one instance at a time; each
 * attempt's settlement is also guarded, so two sweeps never settle one attempt twice. A vendor
 * failure leaves its attempt for the next run and does not fail the job.
 */
export function recoverJob(settings: { afterSeconds: number; everySeconds: number }): JobDefinition {
  return {
    name: "issuance.recover",
    everyMs: settings.everySeconds * 1_000,
    runAtStartup: true,
    // A console that died mid-sweep must not hold the sweep for the runner's default 10 minutes:
    // the restart that most needs it would wait. The runner renews the lease while a run lasts.
    leaseMs: Math.min(30_000, Math.max(3_000, settings.everySeconds * 1_000)),
    async run({ db, now }) {
      await recoverStaleAttempts(db, now, settings.afterSeconds * 1_000);
    },
  };
}
