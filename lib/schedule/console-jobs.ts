import "server-only";
import { lapseJob } from "@/lib/requests/lapse-job";
import { expireDueKeysJob, reconcileJob, retireDueKeysJob } from "@/lib/keys/lifecycle/jobs";
import { recoverJob } from "@/lib/issuance/recover-job";
import type { JobDefinition } from "@/lib/jobs/job";

/**
 * Every job the console runs. It lives apart from lib/jobs (the runner), which the features
 * import for JobDefinition: the list imports the features, so it sits above them all. A new job is a JobDefinition beside the code it runs (a name,
 * an interval, a run function) and one line here.
 */
export function consoleJobs(settings: {
  reconcileMinutes: number;
  recover?: { afterSeconds: number; everySeconds: number };
}): JobDefinition[] {
  return [
    lapseJob,
    recoverJob(settings.recover ?? { afterSeconds: 300, everySeconds: 120 }),
    retireDueKeysJob,
    expireDueKeysJob,
    // 0 turns scheduled reconciliation off.
    ...(settings.reconcileMinutes > 0 ? [reconcileJob(settings.reconcileMinutes)] : []),
  ];
}
