import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { recoveryCodes } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { recordAudit } from "@/lib/audit/record";
import { inTransaction } from "@/lib/db/transaction";
import { RECOVERY_CODE_COUNT, newRecoveryCode, normalRecoveryCode, recoveryCodeHash } from "./recovery-code";

type User = { id: string; email: string };

/**
 * Replaces the user's recovery codes with ten fresh ones and returns them: the only time they
 * exist in clear. Called inside the transaction of the change (first factor, regeneration).
 */
export async function issueRecoveryCodes(tx: Db, user: User): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const secret = env().KEYWARD_SECRET;
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
  await tx
    .insert(recoveryCodes)
    .values(codes.map((c) => ({ userId: user.id, codeHash: recoveryCodeHash(secret, normalRecoveryCode(c)!) })));
  await recordAudit(tx, {
    actor: user,
    action: "account.recovery_codes.issue",
    target: { type: "user", id: user.id },
    outcome: "success",
    detail: { count: codes.length },
  });
  return codes;
}

export async function regenerateRecoveryCodes(db: Db, user: User): Promise<string[]> {
  return inTransaction(db, (tx) => issueRecoveryCodes(tx, user));
}

export async function recoveryCodesLeft(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}

/**
 * Spends one recovery code: marks it used (one statement, so two parallel uses cannot both
 * win) and records it. Returns how many are left, or null when the code is not one of the
 * user's unused codes.
 */
export async function useRecoveryCode(db: Db, user: User, input: string): Promise<number | null> {
  const code = normalRecoveryCode(input);
  if (!code) return null;
  const hash = recoveryCodeHash(env().KEYWARD_SECRET, code);
  return inTransaction(db, async (tx) => {
    const spent = await tx
      .update(recoveryCodes)
      .set({ usedAt: new Date() })
      .where(and(eq(recoveryCodes.userId, user.id), eq(recoveryCodes.codeHash, hash), isNull(recoveryCodes.usedAt)))
      .returning({ id: recoveryCodes.id });
    if (spent.length === 0) return null;
    const remaining = await recoveryCodesLeft(tx, user.id);
    await recordAudit(tx, {
      actor: user,
      action: "account.recovery_code.use",
      target: { type: "user", id: user.id },
      outcome: "success",
      detail: { remaining },
    });
    return remaining;
  });
}
