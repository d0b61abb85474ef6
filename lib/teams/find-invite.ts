import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { invites, teams } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { TeamRole } from "@/lib/auth/permissions";
import { inviteTokenHash } from "./invite-token";

export interface OpenInvite {
  id: string;
  teamId: string;
  teamName: string;
  role: TeamRole;
  email: string | null;
  expiresAt: Date;
}

const INVITE_NOT_FOUND =
  "That invite link was not found. Check that you copied the whole link, or ask an admin for a new one.";

/**
 * Loads an invite by the token in its link and says clearly why it cannot be used:
 * unknown (404), or expired, used or revoked (410 Gone). Only the token's hash is looked up.
 */
export async function findOpenInvite(db: Db, token: string, now = new Date()): Promise<OpenInvite> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new AppError("not_found", 404, INVITE_NOT_FOUND);
  const [row] = await db
    .select({
      id: invites.id,
      teamId: invites.teamId,
      teamName: teams.name,
      role: invites.role,
      email: invites.email,
      expiresAt: invites.expiresAt,
      usedAt: invites.usedAt,
      usedBy: invites.usedBy,
    })
    .from(invites)
    .innerJoin(teams, eq(teams.id, invites.teamId))
    .where(eq(invites.tokenHash, inviteTokenHash(token)))
    .limit(1);
  if (!row) throw new AppError("not_found", 404, INVITE_NOT_FOUND);
  if (row.usedAt && row.usedBy)
    throw new AppError(
      "invite_used",
      410,
      "This invite link was already used. Ask an admin of the team for a new one.",
    );
  if (row.usedAt)
    throw new AppError("invite_revoked", 410, "This invite link was revoked by an admin. Ask them for a new one.");
  if (row.expiresAt.getTime() <= now.getTime())
    throw new AppError("invite_expired", 410, "This invite link has expired. Ask an admin of the team for a new one.");
  const { usedAt: _usedAt, usedBy: _usedBy, ...open } = row;
  return open;
}
