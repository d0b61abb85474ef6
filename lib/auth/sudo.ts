import "server-only";
import { createHash } from "node:crypto";
import { cookies } from "next/headers";
import { getIronSession } from "iron-session";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * Sudo mode: sensitive actions (approve, deny, issue, revoke, connection and policy changes)
 * need the user to have confirmed their password within the last 10 minutes. The stamp lives
 * in a sealed iron-session cookie bound to the user id, so it needs no table and cannot be
 * moved to another account.
 */
export const SUDO_WINDOW_MS = 10 * 60 * 1000;
const COOKIE = "keyward-sudo";

interface SudoStamp {
  userId?: string;
  confirmedAt?: number;
}

function sealPassword(): string {
  return createHash("sha256").update("keyward/sudo/").update(env().KEYWARD_SECRET).digest("base64url");
}

async function sudoSession() {
  return getIronSession<SudoStamp>(await cookies(), {
    password: sealPassword(),
    cookieName: COOKIE,
    ttl: SUDO_WINDOW_MS / 1000,
    cookieOptions: { httpOnly: true, sameSite: "strict", secure: env().KEYWARD_URL.startsWith("https:"), path: "/" },
  });
}

export async function stampSudo(userId: string): Promise<void> {
  const session = await sudoSession();
  session.userId = userId;
  session.confirmedAt = Date.now();
  await session.save();
}

export async function sudoActive(userId: string, now = Date.now()): Promise<boolean> {
  const session = await sudoSession();
  return session.userId === userId && typeof session.confirmedAt === "number" && now - session.confirmedAt < SUDO_WINDOW_MS;
}

export async function requireSudo(userId: string): Promise<void> {
  if (!(await sudoActive(userId))) {
    throw new AppError("sudo_required", 403, "Confirm your password to continue: this action needs a recent sign-in (within 10 minutes).");
  }
}
