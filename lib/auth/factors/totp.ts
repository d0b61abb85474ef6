import { and, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { totpFactors } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { seal, unseal } from "@/lib/crypto/seal";
import { inTransaction } from "@/lib/db/transaction";
import { AppError, conflict } from "@/lib/errors";
import { newTotpSecret, totpStepOf, totpUri } from "./totp-code";
import { afterFactorAdded, afterFactorRemoved } from "./factors";

type User = { id: string; email: string };

const boundTo = (userId: string) => `totp:${userId}`;
const sealSecret = (userId: string, secret: string) => seal(env().KEYWARD_SECRET, boundTo(userId), secret);
const openSecret = (userId: string, sealed: string) => unseal(env().KEYWARD_SECRET, boundTo(userId), sealed);

/**
 * Starts (or restarts) enrolment: a fresh secret, sealed in the database, not yet counting as a
 * factor. The secret comes back once, for the QR code and to type in by hand.
 */
export async function startTotpEnrolment(db: Db, user: User): Promise<{ secret: string; uri: string }> {
  const [existing] = await db.select().from(totpFactors).where(eq(totpFactors.userId, user.id)).limit(1);
  if (existing?.confirmedAt)
    throw conflict("An authenticator app is already set up. Remove it first to set up another.");
  const secret = newTotpSecret();
  const sealedSecret = sealSecret(user.id, secret);
  await db
    .insert(totpFactors)
    .values({ userId: user.id, sealedSecret })
    .onConflictDoUpdate({
      target: totpFactors.userId,
      set: { sealedSecret, lastUsedStep: null, createdAt: new Date() },
    });
  return { secret, uri: totpUri(secret, user.email) };
}

const wrongCode = () =>
  new AppError("invalid_code", 422, "That code is not right. Enter the current 6-digit code from your app.", {
    code: "That code is not right.",
  });

/**
 * Accepts a code once: its step must be later than the last accepted one, and the update that
 * records the step only succeeds under that same condition, so a code replayed in parallel
 * fails too. `confirming` is for the first code of an enrolment.
 */
async function acceptCode(tx: Db, userId: string, code: string, now: number, confirming: boolean): Promise<boolean> {
  const [row] = await tx.select().from(totpFactors).where(eq(totpFactors.userId, userId)).limit(1);
  if (!row || Boolean(row.confirmedAt) === confirming) return false;
  const step = totpStepOf(openSecret(userId, row.sealedSecret), code, now);
  if (step === null) return false;
  const updated = await tx
    .update(totpFactors)
    .set({ lastUsedStep: step, ...(confirming ? { confirmedAt: new Date(now) } : {}) })
    .where(
      and(
        eq(totpFactors.userId, userId),
        confirming ? isNull(totpFactors.confirmedAt) : isNotNull(totpFactors.confirmedAt),
        or(isNull(totpFactors.lastUsedStep), lt(totpFactors.lastUsedStep, step)),
      ),
    )
    .returning({ userId: totpFactors.userId });
  return updated.length === 1;
}

/** Confirms enrolment with a first code. Returns fresh recovery codes when this is the user's first factor. */
export async function confirmTotp(db: Db, user: User, code: string, now = Date.now()): Promise<string[] | null> {
  return inTransaction(db, async (tx) => {
    if (!(await acceptCode(tx, user.id, code, now, true))) throw wrongCode();
    return afterFactorAdded(tx, user, { factor: "totp" });
  });
}

/** A sign-in or sudo code: true when it is right and not used before. */
export async function useTotp(db: Db, userId: string, code: string, now = Date.now()): Promise<boolean> {
  return inTransaction(db, (tx) => acceptCode(tx, userId, code, now, false));
}

export async function removeTotp(db: Db, user: User): Promise<void> {
  await inTransaction(db, async (tx) => {
    const removed = await tx
      .delete(totpFactors)
      .where(eq(totpFactors.userId, user.id))
      .returning({ confirmedAt: totpFactors.confirmedAt });
    if (!removed[0]?.confirmedAt) return;
    await afterFactorRemoved(tx, user, { factor: "totp" });
  });
}
