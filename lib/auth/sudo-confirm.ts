import "server-only";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { checkLogin, type LoginPolicy } from "./login";
import { checkFactor } from "./factors/check-factor";
import { factorsOf } from "./factors/factors";
import { stampSudo } from "./sudo";

export type SudoAnswer = { passkey: AuthenticationResponseJSON } | { password: string; code?: string };

const refused = (message: string, fields?: Record<string, string>) => new AppError("sudo_failed", 403, message, fields);

/**
 * Sudo confirmation. A passkey alone suffices: it is possession plus user verification (PIN or
 * biometric) on the authenticator, as strong as password plus code. A password alone suffices
 * only for an account with no second factor; with an authenticator app it needs the app's code,
 * and an account with only passkeys confirms with a passkey.
 */
export async function confirmSudo(
  db: Db,
  user: { id: string; email: string },
  answer: SudoAnswer,
  policy: LoginPolicy,
): Promise<void> {
  if ("passkey" in answer) {
    const outcome = await checkFactor(db, user, { factor: "passkey", response: answer.passkey }, "sudo", policy);
    if (!outcome.ok) throw refused(outcome.message);
    await stampSudo(user.id);
    return;
  }
  // The same check as signing in, throttled under the user's own confirmation key: sudo is no side
  // door for guessing, and failing here does not slow the account's sign-ins (or back).
  const outcome = await checkLogin(db, user.email, answer.password, policy, { kind: "confirm", userId: user.id });
  if (!outcome.ok || outcome.user.id !== user.id) {
    throw refused(
      outcome.ok
        ? "That password belongs to another account."
        : outcome.reason === "throttled"
          ? outcome.message
          : "That password is not right. Try again.",
      { password: "That password is not right." },
    );
  }
  const factors = await factorsOf(db, user.id);
  if (factors.totp) {
    if (!answer.code)
      throw refused("Enter the 6-digit code from your authenticator app too.", { code: "Enter the code." });
    const second = await checkFactor(db, user, { factor: "totp", code: answer.code }, "sudo", policy);
    if (!second.ok) throw refused(second.message, { code: "That code is not right." });
  } else if (factors.passkeys > 0) {
    throw refused("Your account has a passkey: confirm with the passkey.");
  }
  await stampSudo(user.id);
}
