import "server-only";
import { getDb } from "@/lib/db";
import { env, smtpSettings } from "@/lib/env";
import { smtpSender } from "@/lib/notify/mail";
import { consoleJobs } from "./console-jobs";
import { JobRunner } from "@/lib/jobs/runner";

// Next may evaluate server modules more than once; one runner per process is enough.
const globalForJobs = globalThis as unknown as { keywardJobs?: JobRunner };

/** Called once from instrumentation.ts when the console's Node.js server starts. */
export function startConsoleJobs(): void {
  if (globalForJobs.keywardJobs) return;
  const e = env();
  const mailSettings = smtpSettings();
  const jobs = consoleJobs({
    reconcileMinutes: e.KEYWARD_RECONCILE_MINUTES,
    recover: { afterSeconds: e.KEYWARD_RECOVER_AFTER_SECONDS, everySeconds: e.KEYWARD_RECOVER_EVERY_SECONDS },
    delivery: { mail: mailSettings ? smtpSender(mailSettings) : null, consoleUrl: e.KEYWARD_URL },
  });
  const runner = new JobRunner({ db: getDb, jobs });
  globalForJobs.keywardJobs = runner;
  // Not awaited: the server answers while the start-up runs go on; failures are logged by the runner.
  void runner.start();
}
