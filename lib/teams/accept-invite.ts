import { and, eq, isNull, sql } from "drizzle-orm";
import { inTransaction } from "@/lib/db/transaction";
import type { Db } from "@/lib/db/client";
import { invites, memberships, users } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/passwords";
import { AppError, conflict, invalid } from "@/lib/errors";
import { findOpenInvite, type OpenInvite } from "./find-invite";
import { lockTeamMembership } from "./lock";
import { auditRefusals } from "./refusal-audit";

/** Marks the invite used by `userId`, once: a second acceptance of the same link finds it closed. */
async function consume(tx: Db, invite: OpenInvite, userId: string): Promise<void> {
  const closed = await tx
    .update(invites)
    .set({ usedAt: new Date(), usedBy: userId })
    .where(and(eq(invites.id, invite.id), isNull(invites.usedAt)))
    .returning({ id: invites.id });
  if (closed.length === 0)
    throw new AppError(
      "invite_used",
      410,
      "This invite link was already used. Ask an admin of the team for a new one.",
    );
}

function emailLockError(invite: OpenInvite, email: string): AppError | null {
  if (!invite.email || invite.email.toLowerCase() === email.toLowerCase()) return null;
  return new AppError(
    "invite_email_mismatch",
    403,
    `This invite is for ${invite.email}. Sign in with that account, or ask the admin for an invite to your address.`,
  );
}

/** A signed-in user joins the invite's team with its role. */
export async function acceptInvite(
  db: Db,
  user: { id: string; email: string },
  token: string,
): Promise<{ teamId: string; teamName: string }> {
  return auditRefusals(db, { actor: user, action: "team.invite.accept", target: { type: "user", id: user.id } }, () =>
    accept(db, user, token),
  );
}

async function accept(
  db: Db,
  user: { id: string; email: string },
  token: string,
): Promise<{ teamId: string; teamName: string }> {
  return inTransaction(db, async (tx) => {
    const invite = await findOpenInvite(tx, token);
    const mismatch = emailLockError(invite, user.email);
    if (mismatch) throw mismatch;
    await lockTeamMembership(tx, invite.teamId);
    const [existing] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.teamId, invite.teamId), eq(memberships.userId, user.id)))
      .limit(1);
    if (existing)
      throw conflict(
        `You are already a member of ${invite.teamName} (as ${existing.role}); the invite was left unused.`,
      );
    await consume(tx, invite, user.id);
    await tx.insert(memberships).values({ teamId: invite.teamId, userId: user.id, role: invite.role });
    await recordAudit(tx, {
      teamId: invite.teamId,
      actor: user,
      action: "team.invite.accept",
      target: { type: "user", id: user.id },
      outcome: "success",
      detail: { inviteId: invite.id, role: invite.role },
    });
    return { teamId: invite.teamId, teamName: invite.teamName };
  });
}

/**
 * A visitor without an account creates one from the invite page and joins at once. The e-mail
 * is the invite's own when the invite is locked to one. When the e-mail already has an account,
 * the answer is the same as for a new one (the password is hashed either way) but nothing is
 * created, joined or used up: the owner joins by signing in and accepting (SECURITY.md, "No
 * account enumeration").
 */
export async function acceptInviteWithNewAccount(
  db: Db,
  token: string,
  input: { name: string; email: string | null; password: string },
): Promise<{ email: string; created: boolean }> {
  const passwordHash = await hashPassword(input.password);
  const refusal = { action: "team.invite.accept", target: null, actor: null };
  return auditRefusals(db, refusal, () =>
    inTransaction(db, async (tx) => {
      const invite = await findOpenInvite(tx, token);
      const email = (invite.email ?? input.email ?? "").toLowerCase();
      if (!email) throw invalid("Enter your e-mail address.", { email: "Enter your e-mail address." });
      if (input.email && invite.email && input.email.toLowerCase() !== invite.email.toLowerCase()) {
        throw invalid(`This invite is for ${invite.email}.`, { email: `This invite is for ${invite.email}.` });
      }
      const [taken] = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.email}) = ${email}`)
        .limit(1);
      if (taken) {
        // Recorded outside the team's log: its admins must not learn of accounts elsewhere either.
        await recordAudit(tx, {
          actor: null,
          action: "team.invite.accept",
          target: { type: "invite", id: invite.id },
          outcome: "denied",
          detail: { reason: "account_exists" },
        });
        return { email, created: false };
      }
      const [user] = await tx
        .insert(users)
        .values({ email, name: input.name, passwordHash })
        .returning({ id: users.id });
      await lockTeamMembership(tx, invite.teamId);
      await consume(tx, invite, user!.id);
      await tx.insert(memberships).values({ teamId: invite.teamId, userId: user!.id, role: invite.role });
      await recordAudit(tx, {
        teamId: invite.teamId,
        actor: { id: user!.id, email },
        action: "team.invite.accept",
        target: { type: "user", id: user!.id },
        outcome: "success",
        detail: { inviteId: invite.id, role: invite.role, newAccount: true },
      });
      return { email, created: true };
    }),
  );
}
