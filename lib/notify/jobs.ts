import { randomUUID } from "node:crypto";
import type { JobDefinition } from "@/lib/jobs/job";
import { deliverOutbox, type DeliverySettings } from "./deliver";

/** Sends the outbox every 15 seconds; a failed delivery is retried on its own backoff, not the job's. */
export function deliverJob(settings: DeliverySettings): JobDefinition {
  // The outbox lease names this console, as the job lease does.
  const owner = `deliver-${randomUUID()}`;
  return {
    name: "notify.deliver",
    everyMs: 15_000,
    runAtStartup: true,
    async run({ db }) {
      await deliverOutbox(db, owner, new Date(), settings);
    },
  };
}
