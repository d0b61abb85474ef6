import "server-only";
import { createHash } from "node:crypto";
import { cookies } from "next/headers";
import { getIronSession } from "iron-session";
import { env } from "@/lib/env";

/**
 * Between a correct password and the second factor: a sealed, HttpOnly, SameSite=Strict cookie
 * naming the user, good for 5 minutes. Only the second step (authorize with a factor) reads it;
 * it is no session, and it is cleared when the sign-in completes.
 */
const PENDING_SIGN_IN_TTL_S = 5 * 60;
const COOKIE = "keyward-pending-sign-in";

interface PendingSignIn {
  userId?: string;
  startedAt?: number;
}

let cachedPassword: { from: string; password: string } | undefined;

function sealPassword(): string {
  const from = env().KEYWARD_SECRET;
  if (cachedPassword?.from !== from)
    cachedPassword = {
      from,
      password: createHash("sha256").update("keyward/pending-sign-in/").update(from).digest("base64url"),
    };
  return cachedPassword.password;
}

async function pendingSession() {
  return getIronSession<PendingSignIn>(await cookies(), {
    password: sealPassword(),
    cookieName: COOKIE,
    ttl: PENDING_SIGN_IN_TTL_S,
    cookieOptions: { httpOnly: true, sameSite: "strict", secure: env().KEYWARD_URL.startsWith("https:"), path: "/" },
  });
}

export async function startPendingSignIn(userId: string): Promise<void> {
  const session = await pendingSession();
  session.userId = userId;
  session.startedAt = Date.now();
  await session.save();
}

/** The user whose password was just confirmed, or null when there is none or it is older than 5 minutes. */
export async function pendingSignInUser(): Promise<string | null> {
  const { userId, startedAt } = await pendingSession();
  if (typeof userId !== "string" || typeof startedAt !== "number") return null;
  return Date.now() - startedAt < PENDING_SIGN_IN_TTL_S * 1000 ? userId : null;
}

export async function endPendingSignIn(): Promise<void> {
  (await pendingSession()).destroy();
}
