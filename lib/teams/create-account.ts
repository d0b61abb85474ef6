import { randomBytes } from "node:crypto";
import { inTransaction } from "@/lib/db/transaction";
import type { Actor } from "@/lib/auth/actor";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { memberships, users } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/passwords";
import { AppError } from "@/lib/errors";
import type { TeamRole } from "@/lib/auth/permissions";

/** 18 random bytes → 24 characters: strong, and short enough to read out once. */
function oneTimePassword(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * An admin creates a local account in their team. Its password is generated, returned once for
 * the admin to hand over, stored only as an argon2 hash, and must be replaced at first sign-in.
 */
export async function createLocalAccount(
  db: Db,
  actor: Actor,
  input: { email: string; name: string; role: TeamRole },
): Promise<{ userId: string; email: string; initialPassword: string }> {
  const initialPassword = oneTimePassword();
  const passwordHash = await hashPassword(initialPassword);
  const email = input.email.toLowerCase();
  return inTransaction(db, async (tx) => {
    const [taken] = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1);
    if (taken) {
      throw new AppError(
        "account_exists",
        409,
        "An account with this e-mail already exists. Send an invite link instead; they join with their own account.",
        {
          email: "An account with this e-mail already exists.",
        },
      );
    }
    const [user] = await tx
      .insert(users)
      .values({ email, name: input.name, passwordHash, mustChangePassword: true })
      .returning({ id: users.id });
    await tx.insert(memberships).values({ teamId: actor.team.id, userId: user!.id, role: input.role });
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "team.account.create",
      target: { type: "user", id: user!.id },
      outcome: "success",
      detail: { email, role: input.role, mustChangePassword: true },
    });
    return { userId: user!.id, email, initialPassword };
  });
}
