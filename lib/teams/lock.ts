import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";

/**
 * Serialises membership changes of one team (across console instances), so two admins
 * demoting each other at once cannot leave the team without an admin.
 */
export async function lockTeamMembership(tx: Db, teamId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`keyward-team:${teamId}`}))`);
}
