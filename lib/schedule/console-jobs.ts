import "server-only";
import { lapseJob } from "@/lib/requests/lapse-job";
import {
  expireDueKeysJob,
  reconcileJob,
  reminderJob,
  retireDueKeysJob,
  unusedKeysJob,
} from "@/lib/keys/lifecycle/jobs";
import { recoverJob } from "@/lib/issuance/recover-job";
import type { JobDefinition } from "@/lib/jobs/job";
import { deliverJob } from "@/lib/notify/jobs";
import { auditStreamJob } from "@/lib/audit/stream/job";
import type { DeliverySettings } from "@/lib/notify/deliver";

/**
 * Every job the console runs. It lives apart from lib/jobs (the runner), which the features
 * import for JobDefinition: the list imports the features, so it sits above them all. A new job is a JobDefinition beside the code it runs (a name,
 * an interval, a run function) and one line here.
 */
export function consoleJobs(settings: {
  reconcileMinutes: number;
  recover?: { afterSeconds: number; everySeconds: number };
  delivery?: DeliverySettings;
}): JobDefinition[] {
  return [
    lapseJob,
    recoverJob(settings.recover ?? { afterSeconds: 300, everySeconds: 120 }),
    retireDueKeysJob,
    expireDueKeysJob,
    reminderJob,
    unusedKeysJob,
    deliverJob(settings.delivery ?? { mail: null, consoleUrl: "http://127.0.0.1:3000" }),
    auditStreamJob(new URL(settings.delivery?.consoleUrl ?? "http://127.0.0.1:3000").hostname),
    // 0 turns scheduled reconciliation off.
    ...(settings.reconcileMinutes > 0 ? [reconcileJob(settings.reconcileMinutes)] : []),
  ];
}
