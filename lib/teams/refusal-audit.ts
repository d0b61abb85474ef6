import type { Db } from "@/lib/db/client";
import { recordAuditAlone, type AuditEventInput } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";

/**
 * Runs a team change; if it is refused (a 4xx AppError: last admin, stale invite, unknown
 * member…), records the refusal with its reason before passing the error on. The change's own
 * transaction has rolled back, so this event is all that remains of the attempt.
 */
export async function auditRefusals<T>(
  db: Db,
  event: Omit<AuditEventInput, "outcome" | "detail">,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AppError && err.status < 500) {
      await recordAuditAlone(db, { ...event, outcome: "denied", detail: { reason: err.code, message: err.message } });
    }
    throw err;
  }
}
