import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { webauthnChallenges } from "@/lib/db/schema";

export type ChallengePurpose = "register" | "sign-in" | "sudo";
const CHALLENGE_TTL_MS = 5 * 60 * 1000;

/** Keeps a challenge the server just issued, for this user and purpose only. */
export async function keepChallenge(db: Db, userId: string, purpose: ChallengePurpose, challenge: string) {
  const now = new Date();
  // Expired challenges of anyone go at the same time: the table holds only live ones.
  await db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, now));
  await db
    .insert(webauthnChallenges)
    .values({ challenge, userId, purpose, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) });
}

/**
 * Takes a challenge back, once: the row is deleted as it is read, so an answer replayed (or
 * sent twice in parallel) finds nothing the second time. False when it is not this user's
 * live challenge for this purpose.
 */
export async function takeChallenge(
  db: Db,
  userId: string,
  purpose: ChallengePurpose,
  challenge: string,
): Promise<boolean> {
  const taken = await db
    .delete(webauthnChallenges)
    .where(
      and(
        eq(webauthnChallenges.challenge, challenge),
        eq(webauthnChallenges.userId, userId),
        eq(webauthnChallenges.purpose, purpose),
        gt(webauthnChallenges.expiresAt, new Date()),
      ),
    )
    .returning({ challenge: webauthnChallenges.challenge });
  return taken.length === 1;
}

/** The challenge an authenticator signed, read from the answer's clientDataJSON (null when unreadable). */
export function challengeOfAnswer(clientDataJSON: unknown): string | null {
  if (typeof clientDataJSON !== "string" || clientDataJSON.length > 4096) return null;
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8")) as { challenge?: unknown };
    return typeof data.challenge === "string" ? data.challenge : null;
  } catch {
    return null;
  }
}
