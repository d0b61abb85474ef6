import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { memberships } from "@/lib/db/schema";
import { conflict, notFound } from "@/lib/errors";
import type { TeamRole } from "@/lib/auth/permissions";

/** The member's current role; another team's user (or a stranger) is a 404. */
export async function memberRoleOrThrow(tx: Db, teamId: string, userId: string): Promise<TeamRole> {
  const [row] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)))
    .limit(1);
  if (!row) throw notFound("That member");
  return row.role;
}

/**
 * A team must keep one admin, or nobody could manage it again. Call under lockTeamMembership
 * so the count cannot change underneath.
 */
export async function assertNotLastAdmin(tx: Db, teamId: string, what: string): Promise<void> {
  const [{ admins } = { admins: 0 }] = await tx
    .select({ admins: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.role, "admin")));
  if (admins <= 1) throw conflict(`${what}: this is the team's last admin. Make another member an admin first.`);
}
