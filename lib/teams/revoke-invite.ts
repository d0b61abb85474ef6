import { and, eq, isNull } from "drizzle-orm";
import { inTransaction } from "@/lib/db/transaction";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { invites } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/errors";

import { auditRefusals } from "./refusal-audit";

/**
 * Revoking keeps the row for the record: it is closed (usedAt set) without a user, which is
 * how lib/teams/find-invite.ts tells "revoked" from "used".
 */
export async function revokeInvite(db: Db, actor: Actor, inviteId: string): Promise<void> {
  const refusal = {
    teamId: actor.team.id,
    actor: actor.user,
    action: "team.invite.revoke",
    target: { type: "invite", id: inviteId },
  };
  await auditRefusals(db, refusal, () => revoke(db, actor, inviteId));
}

async function revoke(db: Db, actor: Actor, inviteId: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [row] = await tx
      .select()
      .from(invites)
      .where(and(eq(invites.id, inviteId), eq(invites.teamId, actor.team.id)))
      .limit(1);
    if (!row) throw notFound("That invite");
    if (row.usedAt)
      throw new AppError(
        "invite_closed",
        409,
        row.usedBy ? "That invite was already used; remove the member instead." : "That invite was already revoked.",
      );
    await tx
      .update(invites)
      .set({ usedAt: new Date() })
      .where(and(eq(invites.id, inviteId), isNull(invites.usedAt)));
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "team.invite.revoke",
      target: { type: "invite", id: inviteId },
      outcome: "success",
      detail: { role: row.role, email: row.email },
    });
  });
}
