import { and, eq, inArray } from "drizzle-orm";
import { inTransaction } from "@/lib/db/transaction";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { keys, memberships } from "@/lib/db/schema";
import { recordAudit, recordAudits } from "@/lib/audit/record";
import { keyIsLive } from "@/lib/keys/status";
import { endSessions } from "@/lib/auth/sessions";
import { notifyKeysOwnerless } from "@/lib/keys/lifecycle/custody-events";
import { conflict, invalid } from "@/lib/errors";

import { assertNotLastAdmin, memberRoleOrThrow } from "./admins";
import { uuidOrNotFound } from "@/lib/ids";
import { lockTeamMembership } from "./lock";
import { auditRefusals } from "./refusal-audit";

/**
 * What the admin decided for the leaving member's live keys (lib/offboarding carries out the
 * revokes before this runs). `keyIds` are the live keys the admin was shown: a key the member
 * gained since is not silently orphaned — the removal is refused so the admin can look again.
 */
export interface KeyHandling {
  keys: "none" | "revoke" | "handover" | "keep";
  keyIds: string[];
  /** With "handover": the member who takes them over, in the same transaction as the removal. */
  to?: string;
  /** Facts for the audit event (revokes that failed or need a hand). */
  outcome?: Record<string, unknown>;
}

const NO_KEYS: KeyHandling = { keys: "none", keyIds: [] };

/**
 * Removes a member from the team (the account stays: it may belong to other teams). Their
 * sessions end with it — every browser they are signed in on goes back to the sign-in page, and
 * whatever they do next starts from a fresh sign-in with their remaining memberships.
 */
export async function removeMember(
  db: Db,
  actor: Actor,
  userId: string,
  handling: KeyHandling = NO_KEYS,
): Promise<void> {
  const refusal = {
    teamId: actor.team.id,
    actor: actor.user,
    action: "team.member.remove",
    target: { type: "user", id: userId },
  };
  await auditRefusals(db, refusal, () => remove(db, actor, userId, handling));
}

/** The checks a removal will make, for callers that must not act on keys before knowing it can go ahead. */
export async function assertRemovable(db: Db, actor: Actor, userId: string): Promise<void> {
  uuidOrNotFound(userId, "That member");
  const role = await memberRoleOrThrow(db, actor.team.id, userId);
  if (role === "admin") await assertNotLastAdmin(db, actor.team.id, "The member was not removed");
}

async function remove(db: Db, actor: Actor, userId: string, handling: KeyHandling): Promise<void> {
  uuidOrNotFound(userId, "That member");
  await inTransaction(db, async (tx) => {
    await lockTeamMembership(tx, actor.team.id);
    const role = await memberRoleOrThrow(tx, actor.team.id, userId);
    if (role === "admin") await assertNotLastAdmin(tx, actor.team.id, "The member was not removed");
    const live = await tx
      .select({ id: keys.id })
      .from(keys)
      .where(and(eq(keys.teamId, actor.team.id), eq(keys.issuedBy, userId), keyIsLive()));
    const unseen = live.filter((k) => !handling.keyIds.includes(k.id));
    if (unseen.length) {
      throw conflict(
        `The member was not removed: they own ${unseen.length} live key${unseen.length === 1 ? "" : "s"} you have not decided about. Look at their keys again and choose what becomes of them.`,
      );
    }
    if (handling.keys === "handover")
      await handOver(
        tx,
        actor,
        userId,
        handling,
        live.map((k) => k.id),
      );
    await tx.delete(memberships).where(and(eq(memberships.teamId, actor.team.id), eq(memberships.userId, userId)));
    // Kept, or left by revokes that could not be done: live and ownerless from this commit on.
    if (handling.keys !== "handover")
      await notifyKeysOwnerless(
        tx,
        actor.team.id,
        userId,
        live.map((k) => k.id),
      );
    const ended = await endSessions(tx, userId, "removed_from_team");
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "team.member.remove",
      target: { type: "user", id: userId },
      outcome: "success",
      detail: {
        role,
        sessionsEnded: ended.length,
        keys: handling.keys,
        keyIds: handling.keyIds,
        ...(handling.to ? { to: handling.to } : {}),
        ...handling.outcome,
      },
    });
  });
}

async function handOver(tx: Db, actor: Actor, from: string, handling: KeyHandling, liveIds: string[]): Promise<void> {
  const to = handling.to;
  if (!to || to === from)
    throw invalid("Choose another member to take the keys over.", { to: "Choose another member." });
  const [member] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.teamId, actor.team.id), eq(memberships.userId, to)))
    .limit(1);
  if (!member)
    throw invalid("The member chosen to take the keys over is not in this team.", {
      to: "Choose a member of this team.",
    });
  if (!liveIds.length) return;
  await tx
    .update(keys)
    .set({ issuedBy: to })
    .where(and(eq(keys.teamId, actor.team.id), inArray(keys.id, liveIds)));
  await recordAudits(
    tx,
    liveIds.map((id) => ({
      teamId: actor.team.id,
      actor: actor.user,
      action: "key.owner.change",
      target: { type: "key", id },
      outcome: "success" as const,
      detail: { from, to, why: "offboarding" },
    })),
  );
}
