import "server-only";
import { and, eq, lte, ne } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keys } from "@/lib/db/schema";
import { revokeDueKeys, type DueSummary } from "./revoke";

/** Revokes rotated keys whose grace period is over. Run by the keys.retire-due job (jobs.ts). */
export async function retireDueKeys(db: Db, now = new Date()): Promise<DueSummary> {
  const due = await db
    .select({ id: keys.id, teamId: keys.teamId })
    .from(keys)
    .where(and(lte(keys.retireAt, now), ne(keys.status, "revoked"), eq(keys.retireByHand, false)))
    .limit(100);
  return revokeDueKeys(db, due, "retire");
}
