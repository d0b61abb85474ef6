import type { Db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import type { Actor } from "@/lib/auth/actor";
import { invites } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { TeamRole } from "@/lib/auth/permissions";

import { inviteTokenHash, newInviteToken } from "./invite-token";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CreatedInvite {
  id: string;
  /** Shown once to the admin as /invite/<token>; only its SHA-256 is stored. */
  token: string;
  role: TeamRole;
  email: string | null;
  expiresAt: string;
}

export async function createInvite(
  db: Db,
  actor: Actor,
  input: { role: TeamRole; days: number; email: string | null },
  now = new Date(),
): Promise<CreatedInvite> {
  const token = newInviteToken();
  const expiresAt = new Date(now.getTime() + input.days * DAY_MS);
  return inTransaction(db, async (tx) => {
    const [row] = await tx
      .insert(invites)
      .values({
        teamId: actor.team.id,
        role: input.role,
        email: input.email,
        tokenHash: inviteTokenHash(token),
        createdBy: actor.user.id,
        expiresAt,
      })
      .returning({ id: invites.id });
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "team.invite.create",
      target: { type: "invite", id: row!.id },
      outcome: "success",
      detail: { role: input.role, email: input.email, days: input.days },
    });
    return { id: row!.id, token, role: input.role, email: input.email, expiresAt: expiresAt.toISOString() };
  });
}
