import type { Db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { recordAudit } from "@/lib/audit/record";
import { endSessions, listSessions, sessionShortId, type SessionLifetimes } from "@/lib/auth/sessions";
import { notFound } from "@/lib/errors";
import { browserSummary } from "./user-agent";

/** The caller as these functions need it: who, and which session the request came with. */
interface SessionOwner {
  user: { id: string; email: string };
  sessionId: string;
}

/** One row of Account → Sessions. Dates as ISO text: the page and the BFF send the same shape. */
export interface MySession {
  id: string;
  /** "Chrome on Linux": a few words from the User-Agent it signed in with. */
  browser: string;
  userAgent: string | null;
  address: string | null;
  method: "password" | "sso";
  signedInAt: string;
  lastSeenAt: string;
  expiresAt: string;
  /** The session this request came with. */
  current: boolean;
}

/** The caller's live sessions: this one first, then the newest sign-in first. */
export async function mySessions(
  db: Db,
  owner: SessionOwner,
  lifetimes: SessionLifetimes,
  now = new Date(),
): Promise<MySession[]> {
  const rows = await listSessions(db, owner.user.id, lifetimes, now);
  return rows
    .map((s) => ({
      id: s.id,
      browser: browserSummary(s.userAgent),
      userAgent: s.userAgent,
      address: s.clientAddress,
      method: s.method,
      signedInAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      current: s.id === owner.sessionId,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/**
 * Ends one of the caller's own sessions (that browser is signed out on its next request).
 * Another user's session, or one already ended, is a 404. Audited with the session's short id.
 * No sudo: ending one's own sessions only takes power away.
 */
export async function revokeMySession(db: Db, owner: SessionOwner, sessionId: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [ended] = await endSessions(tx, owner.user.id, "revoked", { only: sessionId });
    if (!ended) throw notFound("That session");
    await recordAudit(tx, {
      actor: owner.user,
      action: "auth.session.revoke",
      target: { type: "user", id: owner.user.id },
      outcome: "success",
      detail: { session: sessionShortId(ended), current: ended === owner.sessionId },
    });
  });
}

/** "Sign out everywhere": ends every session of the caller, this one included. Answers how many ended. */
export async function signOutEverywhere(db: Db, owner: SessionOwner): Promise<{ ended: number }> {
  return inTransaction(db, async (tx) => {
    const ended = await endSessions(tx, owner.user.id, "sign_out_everywhere");
    await recordAudit(tx, {
      actor: owner.user,
      action: "auth.session.revoke_all",
      target: { type: "user", id: owner.user.id },
      outcome: "success",
      detail: { sessions: ended.map(sessionShortId), count: ended.length },
    });
    return { ended: ended.length };
  });
}
