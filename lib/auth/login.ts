import { and, eq, gt, sql } from "drizzle-orm";
import { inTransaction } from "@/lib/db/transaction";
import type { Db } from "@/lib/db/client";
import { loginFailures, users } from "@/lib/db/schema";
import { recordAuditAlone } from "@/lib/audit/record";
import { dummyPasswordHash, verifyPassword } from "./passwords";

export interface LoginPolicy {
  maxFailures: number;
  windowMinutes: number;
}

export type LoginOutcome =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: "invalid" | "locked"; message: string };

export const INVALID_LOGIN = "Invalid email or password.";

export function lockedMessage(windowMinutes: number): string {
  return `Too many failed sign-ins for this account. It is locked for up to ${windowMinutes} minutes; try again later or ask an admin.`;
}

/**
 * Checks a local account's password. Failures are counted in the database per e-mail over a
 * sliding window, so the lock-out holds across restarts and across console instances.
 */
export async function checkLogin(
  db: Db,
  emailInput: string,
  password: string,
  policy: LoginPolicy,
): Promise<LoginOutcome> {
  const email = emailInput.trim().toLowerCase();
  const since = new Date(Date.now() - policy.windowMinutes * 60_000);

  // Each attempt takes a failure slot before the password is checked, under a per-account lock,
  // so parallel guesses cannot all slip in below the limit. A correct password clears the slots.
  const slot = await inTransaction(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`keyward-login:${email}`}))`);
    const [{ failures } = { failures: 0 }] = await tx
      .select({ failures: sql<number>`count(*)::int` })
      .from(loginFailures)
      .where(and(eq(loginFailures.email, email), gt(loginFailures.at, since)));
    if (failures >= policy.maxFailures) return { taken: false as const, failures };
    await tx.insert(loginFailures).values({ email });
    return { taken: true as const, failures: failures + 1 };
  });
  if (!slot.taken) {
    await recordAuditAlone(db, { action: "auth.login", outcome: "denied", detail: { email, reason: "locked" } });
    return { ok: false, reason: "locked", message: lockedMessage(policy.windowMinutes) };
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
    if (slot.failures >= policy.maxFailures)
      return { ok: false, reason: "locked", message: lockedMessage(policy.windowMinutes) };
    return { ok: false, reason: "invalid", message: INVALID_LOGIN };
  }

  await db.delete(loginFailures).where(eq(loginFailures.email, email));
  await recordAuditAlone(db, { actor: { id: user.id, email: user.email }, action: "auth.login", outcome: "success" });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
