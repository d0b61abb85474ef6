import { sql } from "drizzle-orm";
import { inTransaction } from "@/lib/db/transaction";
import type { Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { recordAuditAlone } from "@/lib/audit/record";
import { dummyPasswordHash, verifyPassword } from "./passwords";
import { forgiveAttempt, takeAttempt, throttledMessage, type AttemptSource, type ThrottlePolicy } from "./throttle";

export type { AttemptSource } from "./throttle";
export type LoginPolicy = ThrottlePolicy;

export type LoginOutcome =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: "invalid"; message: string }
  | { ok: false; reason: "throttled"; message: string; waitSeconds: number };

export const INVALID_LOGIN = "Invalid email or password.";

/**
 * Checks a local account's password: at sign-in (`source` says from which address) or as a
 * signed-in user's confirmation (sudo, password change), each throttled under its own keys
 * (lib/auth/throttle.ts). An attempt that must still wait is refused before the password is read.
 */
export async function checkLogin(
  db: Db,
  emailInput: string,
  password: string,
  policy: LoginPolicy,
  source: AttemptSource,
): Promise<LoginOutcome> {
  const email = emailInput.trim().toLowerCase();
  const { waitSeconds, slotIds } = await inTransaction(db, (tx) => takeAttempt(tx, email, source, policy));
  if (waitSeconds > 0) {
    await recordAuditAlone(db, {
      action: "auth.login",
      outcome: "denied",
      detail: { email, reason: "throttled", waitSeconds },
    });
    return { ok: false, reason: "throttled", message: throttledMessage(waitSeconds), waitSeconds };
  }

  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`)
    .limit(1);
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !user.passwordHash || !valid) {
    await recordAuditAlone(db, {
      actor: user ? { id: user.id, email: user.email } : null,
      action: "auth.login",
      outcome: "failure",
      detail: { email },
    });
    return { ok: false, reason: "invalid", message: INVALID_LOGIN };
  }

  await forgiveAttempt(db, email, source, slotIds);
  await recordAuditAlone(db, { actor: { id: user.id, email: user.email }, action: "auth.login", outcome: "success" });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
