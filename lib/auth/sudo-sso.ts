import "server-only";
import { createHash } from "node:crypto";
import { cookies } from "next/headers";
import { getIronSession } from "iron-session";
import { env } from "@/lib/env";

/**
 * Sudo mode by SSO re-authentication. The console window opens a popup that first marks
 * "user X asked to re-authenticate" in a short-lived sealed cookie, then sends the provider
 * prompt=login and max_age=0. When the provider calls back, the sign-in callback stamps sudo
 * only if that mark is there, the identity is X's own, and the ID token says X authenticated
 * just now.
 */
const SSO_REAUTH_MAX_AGE_MS = 2 * 60 * 1000;
const PENDING_TTL_S = 5 * 60;
const COOKIE = "keyward-sudo-sso";

interface PendingReauth {
  userId?: string;
  startedAt?: number;
}

function sealPassword(): string {
  return createHash("sha256").update("keyward/sudo-sso/").update(env().KEYWARD_SECRET).digest("base64url");
}

async function pendingSession() {
  return getIronSession<PendingReauth>(await cookies(), {
    password: sealPassword(),
    cookieName: COOKIE,
    ttl: PENDING_TTL_S,
    // Lax: the provider's redirect back is a top-level navigation from another site.
    cookieOptions: {
      httpOnly: true,
      sameSite: "lax",
      secure: env().KEYWARD_URL.startsWith("https:"),
      path: "/api/auth",
    },
  });
}

export async function markSsoReauth(userId: string): Promise<void> {
  const session = await pendingSession();
  session.userId = userId;
  session.startedAt = Date.now();
  await session.save();
}

/** The user who asked to re-authenticate, if a fresh request is pending; clears it (single use). */
export async function takeSsoReauth(now = Date.now()): Promise<string | null> {
  const session = await pendingSession();
  const { userId, startedAt } = session;
  if (!userId) return null;
  session.destroy();
  return typeof startedAt === "number" && now - startedAt < PENDING_TTL_S * 1000 ? userId : null;
}

/** Whether the ID token's auth_time (seconds) says the person authenticated within the last two minutes. */
export function authenticatedRecently(authTime: unknown, now = Date.now()): boolean {
  if (typeof authTime !== "number" || !Number.isFinite(authTime)) return false;
  const age = now - authTime * 1000;
  // A little clock skew forward is tolerated; the past is bounded by the window.
  return age > -30_000 && age <= SSO_REAUTH_MAX_AGE_MS;
}
