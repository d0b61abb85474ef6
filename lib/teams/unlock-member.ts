import { eq } from "drizzle-orm";
import { inTransaction } from "@/lib/db/transaction";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { clearAccountThrottle } from "@/lib/auth/throttle";
import { memberRoleOrThrow } from "./admins";

/**
 * An admin lifts the sign-in delays of a member of their team (lib/auth/throttle.ts): the
 * account's failures from every address and its confirmation failures. Addresses keep their own
 * count, so this frees the member, not whoever was guessing.
 */
export async function unlockMember(db: Db, actor: Actor, userId: string): Promise<{ clearedFailures: number }> {
  return inTransaction(db, async (tx) => {
    await memberRoleOrThrow(tx, actor.team.id, userId);
    const [user] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, userId));
    const clearedFailures = await clearAccountThrottle(tx, user!);
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "team.member.unlock",
      target: { type: "user", id: userId },
      outcome: "success",
      detail: { email: user!.email, clearedFailures },
    });
    return { clearedFailures };
  });
}
