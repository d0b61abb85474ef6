import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { recordAuditAlone } from "@/lib/audit/record";
import { checkFactor, type FactorAnswer } from "./factors/check-factor";
import { endPendingSignIn, pendingSignInUser } from "./pending-sign-in";

/** What authorize throws after a right password when the account has a second factor: the form then asks for it. */
export const SECOND_FACTOR_REQUIRED = "second-factor-required";
export const SIGN_IN_EXPIRED = "Your sign-in took longer than 5 minutes. Enter your email and password again.";
const UNREADABLE = "The second step's answer could not be read. Try again.";

const secondStepSchema = z.discriminatedUnion("factor", [
  z.object({ factor: z.literal("passkey"), response: z.string().min(2).max(16_384) }),
  z.object({ factor: z.enum(["totp", "recovery"]), code: z.string().min(1).max(64) }),
]);

/** The answer as authorize receives it (form fields); null when it is none of the three. */
function factorAnswerOf(raw: unknown): FactorAnswer | null {
  const parsed = secondStepSchema.safeParse(raw);
  if (!parsed.success) return null;
  if (parsed.data.factor !== "passkey") return { factor: parsed.data.factor, code: parsed.data.code };
  try {
    const response = JSON.parse(parsed.data.response) as AuthenticationResponseJSON;
    return response && typeof response === "object" ? { factor: "passkey", response } : null;
  } catch {
    return null;
  }
}

/**
 * The second step of a password sign-in, for authorize: the pending cookie names the user whose
 * password was right, the answer must be one of their factors. Throws the message the form shows.
 */
export async function completeSecondStep(raw: unknown): Promise<{ id: string; email: string; name: string }> {
  const userId = await pendingSignInUser();
  if (!userId) throw new Error(SIGN_IN_EXPIRED);
  const answer = factorAnswerOf(raw);
  if (!answer) throw new Error(UNREADABLE);
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!user) throw new Error(SIGN_IN_EXPIRED);
  const { KEYWARD_LOGIN_MAX_FAILURES, KEYWARD_LOGIN_WINDOW_MINUTES } = env();
  const outcome = await checkFactor(db, user, answer, "sign-in", {
    maxFailures: KEYWARD_LOGIN_MAX_FAILURES,
    windowMinutes: KEYWARD_LOGIN_WINDOW_MINUTES,
  });
  if (!outcome.ok) throw new Error(outcome.message);
  await recordAuditAlone(db, {
    actor: user,
    action: "auth.second_factor",
    target: { type: "user", id: user.id },
    outcome: "success",
    detail: { factor: answer.factor, purpose: "sign-in" },
  });
  await endPendingSignIn();
  return user;
}
