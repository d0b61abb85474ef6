import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { invites, memberships, teams, users } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import type { TeamRole } from "@/lib/auth/permissions";

export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: TeamRole;
  mustChangePassword: boolean;
  joinedAt: string;
}

export interface PendingInviteView {
  id: string;
  role: TeamRole;
  email: string | null;
  expiresAt: string;
  createdAt: string;
}

export interface TeamSettingsView {
  id: string;
  name: string;
  selfApproval: boolean;
  approvalWindowMinutes: number;
  ssoEmailDomain: string | null;
  /** Members without a passkey or authenticator app must enrol one before anything else. */
  requireSecondFactor: boolean;
  /** The rotation policy: keys are due for rotation this many days after their issue; null for none. */
  rotationDays: number | null;
}

/** The teams a user belongs to, with their role in each. */
export async function listMyTeams(
  db: Db,
  userId: string,
): Promise<Array<{ id: string; name: string; role: TeamRole }>> {
  return db
    .select({ id: teams.id, name: teams.name, role: memberships.role })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(teams.name));
}

/** The user's role in the team, or a 404: a team you are not in does not exist for you. */
export async function membershipOrThrow(
  db: Db,
  teamId: string,
  userId: string,
  what = "That team",
): Promise<{ role: TeamRole }> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)))
    .limit(1);
  if (!row) throw notFound(what);
  return row;
}

export async function listMembers(db: Db, teamId: string): Promise<MemberView[]> {
  const rows = await db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      mustChangePassword: users.mustChangePassword,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.teamId, teamId))
    .orderBy(asc(users.name), asc(users.email));
  return rows.map((r) => ({ ...r, joinedAt: r.joinedAt.toISOString() }));
}

/** Invites neither used, revoked nor expired. */
export async function listPendingInvites(db: Db, teamId: string, now = new Date()): Promise<PendingInviteView[]> {
  const rows = await db
    .select({
      id: invites.id,
      role: invites.role,
      email: invites.email,
      expiresAt: invites.expiresAt,
      createdAt: invites.createdAt,
    })
    .from(invites)
    .where(and(eq(invites.teamId, teamId), isNull(invites.usedAt), gt(invites.expiresAt, now)))
    .orderBy(asc(invites.expiresAt));
  return rows.map((r) => ({ ...r, expiresAt: r.expiresAt.toISOString(), createdAt: r.createdAt.toISOString() }));
}

export async function getTeamSettings(db: Db, teamId: string): Promise<TeamSettingsView> {
  const [row] = await db
    .select({
      id: teams.id,
      name: teams.name,
      selfApproval: teams.selfApproval,
      approvalWindowMinutes: teams.approvalWindowMinutes,
      ssoEmailDomain: teams.ssoEmailDomain,
      requireSecondFactor: teams.requireSecondFactor,
      rotationDays: teams.rotationDays,
    })
    .from(teams)
    .where(eq(teams.id, teamId))
    .limit(1);
  if (!row) throw notFound("That team");
  return row;
}
