import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { memberships } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { TeamActor } from "./actor";
import { assertNotLastAdmin, memberRoleOrThrow } from "./admins";
import { uuidOrNotFound } from "./ids";
import { lockTeamMembership } from "./lock";
import { auditRefusals } from "./refusal-audit";

/**
 * Removes a member from the team (the account stays: it may belong to other teams). The
 * session re-reads memberships on each request, so the removal takes effect at once.
 */
export async function removeMember(db: Db, actor: TeamActor, userId: string): Promise<void> {
  const refusal = { teamId: actor.team.id, actor: actor.user, action: "team.member.remove", target: { type: "user", id: userId } };
  await auditRefusals(db, refusal, () => remove(db, actor, userId));
}

async function remove(db: Db, actor: TeamActor, userId: string): Promise<void> {
  uuidOrNotFound(userId, "That member");
  await db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    await lockTeamMembership(tx, actor.team.id);
    const role = await memberRoleOrThrow(tx, actor.team.id, userId);
    if (role === "admin") await assertNotLastAdmin(tx, actor.team.id, "The member was not removed");
    await tx.delete(memberships).where(and(eq(memberships.teamId, actor.team.id), eq(memberships.userId, userId)));
    await recordAudit(tx, { teamId: actor.team.id, actor: actor.user, action: "team.member.remove", target: { type: "user", id: userId }, outcome: "success", detail: { role } });
  });
}
