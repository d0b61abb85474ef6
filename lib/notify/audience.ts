import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { memberships } from "@/lib/db/schema";
import { can, TEAM_ROLES } from "@/lib/auth/permissions";

/** The members who may manage the team's connections and keys. */
export async function admins(db: Db, teamId: string): Promise<string[]> {
  const roles = TEAM_ROLES.filter((r) => can(r, "key.manage"));
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), inArray(memberships.role, [...roles])));
  return rows.map((r) => r.userId);
}
