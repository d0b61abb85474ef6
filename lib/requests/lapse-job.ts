import type { JobDefinition } from "@/lib/jobs/job";
import { lapseDueRequests } from "./lapse";

/**
 * Records lapsed approvals every 30 seconds and once when a console starts. Pages already show
 * a run-out approval as lapsed (status.ts); the job writes the status, the audit event and the
 * requester's notice. It asks to run again when the next open approval runs out, so the notice
 * follows the shown status by moments rather than by up to an interval.
 */
export const lapseJob: JobDefinition = {
  name: "requests.lapse",
  everyMs: 30_000,
  runAtStartup: true,
  async run({ db, now }) {
    const result = await lapseDueRequests(db, now);
    return { runAgainBy: result.more ? now : result.nextRunOut };
  },
};
