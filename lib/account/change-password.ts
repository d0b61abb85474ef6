import { eq } from "drizzle-orm";
import { inTransaction } from "@/lib/db/transaction";
import type { Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/passwords";
import { checkLogin, type LoginPolicy } from "@/lib/auth/login";
import { endSessions } from "@/lib/auth/sessions";
import { AppError, invalid } from "@/lib/errors";

/**
 * Replaces the caller's password after checking the current one (the one-time password for a
 * new account). Clears `mustChangePassword`, which unlocks the rest of the console. Every other
 * session of the user ends with it (whoever knew the old password is signed out); the session
 * that made the change, `sessionId`, stays.
 */
export async function changePassword(
  db: Db,
  user: { id: string; email: string },
  sessionId: string,
  input: { currentPassword: string; newPassword: string },
  policy: LoginPolicy,
): Promise<void> {
  // The sign-in check, throttled as a confirmation, so a stolen session cannot guess the password here.
  const outcome = await checkLogin(db, user.email, input.currentPassword, policy, { kind: "confirm", userId: user.id });
  if (!outcome.ok || outcome.user.id !== user.id) {
    const message =
      !outcome.ok && outcome.reason === "throttled" ? outcome.message : "Your current password is not right.";
    throw new AppError("wrong_password", 403, message, { currentPassword: "That password is not right." });
  }
  if (input.currentPassword === input.newPassword)
    throw invalid("Choose a password different from the current one.", { newPassword: "Choose a different password." });
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(db, async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, user.id));
    const ended = await endSessions(tx, user.id, "password_changed", { except: sessionId });
    await recordAudit(tx, {
      actor: user,
      action: "account.password.change",
      target: { type: "user", id: user.id },
      outcome: "success",
      detail: { sessionsEnded: ended.length },
    });
  });
}
