import { and, eq } from "drizzle-orm";
import { inTransaction } from "@/lib/db/transaction";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { memberships } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { TeamRole } from "@/lib/auth/permissions";

import { assertNotLastAdmin, memberRoleOrThrow } from "./admins";
import { uuidOrNotFound } from "@/lib/ids";
import { lockTeamMembership } from "./lock";
import { auditRefusals } from "./refusal-audit";

/** Changes a member's role; never demotes the last admin (409). Takes effect on their next request. */
export async function changeMemberRole(
  db: Db,
  actor: Actor,
  userId: string,
  role: TeamRole,
): Promise<{ userId: string; role: TeamRole }> {
  const refusal = {
    teamId: actor.team.id,
    actor: actor.user,
    action: "team.member.role",
    target: { type: "user", id: userId },
  };
  return auditRefusals(db, refusal, () => changeRole(db, actor, userId, role));
}

async function changeRole(
  db: Db,
  actor: Actor,
  userId: string,
  role: TeamRole,
): Promise<{ userId: string; role: TeamRole }> {
  uuidOrNotFound(userId, "That member");
  return inTransaction(db, async (tx) => {
    await lockTeamMembership(tx, actor.team.id);
    const from = await memberRoleOrThrow(tx, actor.team.id, userId);
    if (from === role) return { userId, role };
    if (from === "admin") await assertNotLastAdmin(tx, actor.team.id, "The role was not changed");
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.teamId, actor.team.id), eq(memberships.userId, userId)));
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "team.member.role",
      target: { type: "user", id: userId },
      outcome: "success",
      detail: { from, to: role },
    });
    return { userId, role };
  });
}
