import { and, asc, eq, gt, inArray, min } from "drizzle-orm";
import { inTransaction } from "@/lib/db/transaction";
import type { Db } from "@/lib/db/client";
import { keyRequests } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { notify } from "@/lib/notify/notify";
import { approvalRunOut } from "./status";

/** Requests lapsed per transaction; a larger backlog is finished by the next runs. */
const LAPSE_BATCH = 200;

export interface LapseResult {
  lapsed: number;
  /** More run-out approvals are waiting than one batch took. */
  more: boolean;
  /** When the next approval still open runs out (null: none is open). */
  nextRunOut: Date | null;
}

/**
 * Records the lapse of approvals whose window ran out without an issue, across every team:
 * status `lapsed`, a `request.lapse` audit event (no actor) and a notice to the requester, in
 * one transaction. Run by the `requests.lapse` job (lib/schedule/console-jobs.ts); reads never
 * call it — they show such requests as lapsed already (status.ts). The update repeats the
 * run-out condition, so a request issued or lapsed by someone else meanwhile is left alone and
 * is never announced twice. `only` narrows it to one request (a rotation blocked by it).
 */
export async function lapseDueRequests(db: Db, now = new Date(), only?: { requestId: string }): Promise<LapseResult> {
  const due = and(approvalRunOut(now), only ? eq(keyRequests.id, only.requestId) : undefined);
  // Nearly always nothing is due: one indexed read instead of a transaction around an update.
  const batch = await db
    .select({ id: keyRequests.id })
    .from(keyRequests)
    .where(due)
    .orderBy(asc(keyRequests.approvalExpiresAt))
    .limit(LAPSE_BATCH + 1);
  const ids = batch.slice(0, LAPSE_BATCH).map((r) => r.id);
  const lapsed =
    ids.length === 0
      ? 0
      : await inTransaction(db, async (tx) => {
          const rows = await tx
            .update(keyRequests)
            .set({ status: "lapsed" })
            .where(and(due, inArray(keyRequests.id, ids)))
            .returning();
          for (const r of rows) {
            await recordAudit(tx, {
              teamId: r.teamId,
              actor: null,
              action: "request.lapse",
              target: { type: "request", id: r.id },
              outcome: "success",
              detail: { name: r.name, approvalExpiredAt: r.approvalExpiresAt?.toISOString() ?? null },
            });
            await notify(tx, {
              teamId: r.teamId,
              event: "request.lapsed",
              occurrence: r.id,
              to: [r.requesterId],
              subject: `The approval of your request “${r.name}” lapsed before the key was issued. Request it again if you still need it.`,
              link: `/requests#${r.id}`,
            });
          }
          return rows.length;
        });
  const [next] = only
    ? []
    : await db
        .select({ at: min(keyRequests.approvalExpiresAt) })
        .from(keyRequests)
        .where(and(eq(keyRequests.status, "approved"), gt(keyRequests.approvalExpiresAt, now)));
  return { lapsed, more: batch.length > LAPSE_BATCH, nextRunOut: next?.at ? new Date(next.at) : null };
}
