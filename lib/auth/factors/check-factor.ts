import { and, count, eq, gt } from "drizzle-orm";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import type { Db } from "@/lib/db/client";
import { authFailures } from "@/lib/db/schema";
import { recordAuditAlone } from "@/lib/audit/record";
import { verifyPasskey } from "./passkeys";
import { useTotp } from "./totp";
import { useRecoveryCode } from "./recovery-codes";

/** The second step's answer: a passkey's signed challenge, an authenticator-app code, or a recovery code (sign-in only). */
export type FactorAnswer =
  | { factor: "passkey"; response: AuthenticationResponseJSON }
  | { factor: "totp"; code: string }
  | { factor: "recovery"; code: string };

export type FactorOutcome =
  { ok: true; recoveryCodesLeft?: number } | { ok: false; reason: "wrong" | "locked"; message: string };

export interface FactorPolicy {
  maxFailures: number;
  windowMinutes: number;
}

const WRONG: Record<FactorAnswer["factor"], string> = {
  passkey: "The passkey could not be verified. Try again, or use another method.",
  totp: "That code is not right. Enter the current 6-digit code from your authenticator app.",
  recovery: "That recovery code is not right, or it was used already.",
};

/**
 * Checks a second factor for a user whose password (or session) is already established. Wrong
 * answers are counted per user (the throttle's table, a key of their own, the password limit), so
 * six digits cannot be guessed at leisure; each is audited, without the answer.
 */
export async function checkFactor(
  db: Db,
  user: { id: string; email: string },
  answer: FactorAnswer,
  purpose: "sign-in" | "sudo",
  policy: FactorPolicy,
): Promise<FactorOutcome> {
  // Counted under the user's own factor key: reachable only with the right password or a live
  // session, so nobody else can spend it, and it does not slow the account's password checks.
  const key = `factor:${user.id}`;
  const since = new Date(Date.now() - policy.windowMinutes * 60_000);
  const [{ failures } = { failures: 0 }] = await db
    .select({ failures: count() })
    .from(authFailures)
    .where(and(eq(authFailures.key, key), gt(authFailures.at, since)));
  if (failures >= policy.maxFailures) {
    return {
      ok: false,
      reason: "locked",
      message: `Too many failed attempts for this account. Try again in up to ${policy.windowMinutes} minutes.`,
    };
  }
  let ok = false;
  let recoveryCodesLeft: number | undefined;
  if (answer.factor === "passkey") ok = await verifyPasskey(db, user.id, purpose, answer.response);
  else if (answer.factor === "totp") ok = await useTotp(db, user.id, answer.code);
  else if (purpose === "sign-in") {
    const left = await useRecoveryCode(db, user, answer.code);
    ok = left !== null;
    if (left !== null) recoveryCodesLeft = left;
  }
  if (ok) return recoveryCodesLeft === undefined ? { ok } : { ok, recoveryCodesLeft };
  await db.insert(authFailures).values({ key });
  await recordAuditAlone(db, {
    actor: user,
    action: "auth.second_factor",
    target: { type: "user", id: user.id },
    outcome: "failure",
    detail: { factor: answer.factor, purpose },
  });
  return { ok: false, reason: "wrong", message: WRONG[answer.factor] };
}
