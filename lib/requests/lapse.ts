import { and, eq, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keyRequests } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { notifyUser } from "./notify";

/**
 * Approvals whose window passed without an issue become "lapsed". Computed whenever requests
 * are read or issued (no background job), and persisted with an audit event and a notice.
 */
export async function lapseDueRequests(db: Db, teamId: string, now = new Date()): Promise<number> {
  const due = and(eq(keyRequests.teamId, teamId), eq(keyRequests.status, "approved"), isNull(keyRequests.issuingSince), lt(keyRequests.approvalExpiresAt, sql`${now.toISOString()}::timestamptz`));
  // Nearly always nothing is due: one indexed read instead of a transaction around an update.
  const [any] = await db.select({ id: keyRequests.id }).from(keyRequests).where(due).limit(1);
  if (!any) return 0;
  return db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    const lapsed = await tx
      .update(keyRequests)
      .set({ status: "lapsed" })
      .where(due)
      .returning();
    for (const r of lapsed) {
      await recordAudit(tx, { teamId, actor: null, action: "request.lapse", target: { type: "request", id: r.id }, outcome: "success", detail: { name: r.name, approvalExpiredAt: r.approvalExpiresAt?.toISOString() ?? null } });
      await notifyUser(tx, r.requesterId, teamId, `The approval of your request “${r.name}” lapsed before the key was issued. Request it again if you still need it.`, `/requests#${r.id}`);
    }
    return lapsed.length;
  });
}
