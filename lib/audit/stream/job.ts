import { randomUUID } from "node:crypto";
import type { JobDefinition } from "@/lib/jobs/job";
import { streamAuditEvents } from "./run";

/** Sends every audit stream its backlog every 10 seconds; a receiver's failure stays on its stream, not the job. */
export function auditStreamJob(hostname: string): JobDefinition {
  const owner = `stream-${randomUUID()}`;
  return {
    name: "audit.stream",
    everyMs: 10_000,
    runAtStartup: true,
    async run({ db, now }) {
      await streamAuditEvents(db, owner, now, { hostname });
    },
  };
}
