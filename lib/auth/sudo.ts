import "server-only";
import { createHash } from "node:crypto";
import { cookies } from "next/headers";
import { getIronSession, unsealData } from "iron-session";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * Sudo mode: actions that grant power (the permission table's sudo column) need the user to
 * have confirmed their password within the last 10 minutes. A sign-in is such a confirmation,
 * so it opens the window too (as GitHub does). The stamp lives in a sealed iron-session cookie
 * bound to the user id, so it needs no table and cannot be moved to another account.
 */
export const SUDO_WINDOW_MS = 10 * 60 * 1000;
const COOKIE = "keyward-sudo";
const TTL_S = SUDO_WINDOW_MS / 1000;

interface SudoStamp {
  userId?: string;
  confirmedAt?: number;
}

let cachedPassword: { from: string; password: string } | undefined;

function sealPassword(): string {
  const from = env().KEYWARD_SECRET;
  if (cachedPassword?.from !== from)
    cachedPassword = { from, password: createHash("sha256").update("keyward/sudo/").update(from).digest("base64url") };
  return cachedPassword.password;
}

async function sudoSession() {
  return getIronSession<SudoStamp>(await cookies(), {
    password: sealPassword(),
    cookieName: COOKIE,
    ttl: TTL_S,
    cookieOptions: { httpOnly: true, sameSite: "strict", secure: env().KEYWARD_URL.startsWith("https:"), path: "/" },
  });
}

export async function stampSudo(userId: string): Promise<void> {
  const session = await sudoSession();
  session.userId = userId;
  session.confirmedAt = Date.now();
  await session.save();
}

/** Sign-out closes the window: the next person at this browser must confirm for themselves. */
export async function endSudo(): Promise<void> {
  (await sudoSession()).destroy();
}

/**
 * Opened stamps, by their exact sealed text. Unsealing derives two keys (PBKDF2) and checks an
 * HMAC on every request; the same text always opens to the same stamp, so a verified one is kept
 * and only its time limits are checked again. Bounded: the oldest entries go first.
 */
const opened = new Map<string, SudoStamp>();
const OPENED_MAX = 1000;

/** What iron-session's getIronSession reads from the cookie (an empty stamp when it does not open). */
export async function readSudoStamp(sealed: string | undefined): Promise<SudoStamp> {
  if (!sealed) return {};
  const known = opened.get(sealed);
  if (known) return { ...known };
  const stamp = await unsealData<SudoStamp>(sealed, { password: sealPassword(), ttl: TTL_S });
  if (typeof stamp.userId === "string" && typeof stamp.confirmedAt === "number") {
    if (opened.size >= OPENED_MAX) opened.delete(opened.keys().next().value!);
    opened.set(sealed, { userId: stamp.userId, confirmedAt: stamp.confirmedAt });
  }
  return stamp;
}

async function sudoActive(userId: string, now = Date.now()): Promise<boolean> {
  const stamp = await readSudoStamp((await cookies()).get(COOKIE)?.value);
  // The seal's own expiry (confirmation + 10 minutes, plus iron's 60 s clock skew) is later than
  // this window, so a cached stamp needs no check of it beyond this one.
  return stamp.userId === userId && typeof stamp.confirmedAt === "number" && now - stamp.confirmedAt < SUDO_WINDOW_MS;
}

export async function requireSudo(userId: string): Promise<void> {
  if (!(await sudoActive(userId))) {
    throw new AppError(
      "sudo_required",
      403,
      "Confirm it is you to continue: this action needs a recent sign-in or confirmation (within 10 minutes).",
    );
  }
}
