import "server-only";
import { and, eq, lte, ne } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keys } from "@/lib/db/schema";
import { loadKeyContext } from "./context";
import { revokeLoadedKey } from "./revoke";

export interface RetireSummary {
  revoked: number;
  byHand: number;
  failed: number;
}

/**
 * Revokes rotated keys whose grace period is over. Run by the keys.retire-due job (jobs.ts); each key
 * is revoked on its own, so one vendor's failure (recorded in the audit log by revokeLoadedKey)
 * leaves that key due for the next run without holding up the others.
 */
export async function retireDueKeys(db: Db, now = new Date()): Promise<RetireSummary> {
  const due = await db
    .select({ id: keys.id, teamId: keys.teamId })
    .from(keys)
    .where(and(lte(keys.retireAt, now), ne(keys.status, "revoked"), eq(keys.retireByHand, false)))
    .limit(100);
  const summary: RetireSummary = { revoked: 0, byHand: 0, failed: 0 };
  for (const { id, teamId } of due) {
    try {
      const outcome = await revokeLoadedKey(db, null, await loadKeyContext(db, teamId, id), "retire");
      if (outcome.kind === "revoked") summary.revoked++;
      else summary.byHand++;
    } catch {
      summary.failed++;
    }
  }
  return summary;
}
