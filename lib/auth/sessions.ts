import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, lt, ne, or } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { sessions } from "@/lib/db/schema";

/**
 * Server-side sessions: one `sessions` row per sign-in. The browser's next-auth cookie carries
 * only the session's random id (`sid`); the table keeps its SHA-256, so the row can be found from
 * the cookie but the cookie cannot be made from the row. lib/auth/session.ts checks the row on
 * every request; this module starts, lists and ends them.
 */

export type SessionMethod = (typeof sessions.method.enumValues)[number];
export type SessionEndReason = NonNullable<(typeof sessions.endedReason.enumValues)[number]>;

/** The idle and absolute lifetimes (KEYWARD_SESSION_IDLE_MINUTES, KEYWARD_SESSION_MAX_HOURS). */
export interface SessionLifetimes {
  idleMinutes: number;
  maxHours: number;
}

/** Ended or expired rows are kept this long (the sessions page never shows them), then deleted at the user's next sign-in. */
const KEEP_ENDED_MS = 30 * 24 * 60 * 60 * 1000;

export const sessionSecretHash = (secret: string): string => createHash("sha256").update(secret).digest("hex");

/** The audit log names a session by its first 8 characters: enough to tell sessions apart, never the handle itself. */
export const sessionShortId = (id: string): string => id.slice(0, 8);

export interface ClientFacts {
  userAgent: string | null;
  clientAddress: string | null;
}

/** Text kept from request headers is for display only: bounded, one line. */
const headerText = (value: string | null | undefined, max: number): string | null => {
  const line = value?.replace(/[\u0000-\u001f\u007f]/g, " ").trim();
  return line ? line.slice(0, max) : null;
};

/**
 * What the sessions page shows about the browser: its User-Agent, and the address the request
 * came from — the last `X-Forwarded-For` hop, which is the one a reverse proxy in front appends
 * (Next sets the header from the socket when there is none). Informational only: a client can
 * write both headers, so nothing is decided on them.
 */
export function clientFacts(headers: { get(name: string): string | null }): ClientFacts {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  const last = hops[hops.length - 1];
  return {
    userAgent: headerText(headers.get("user-agent"), 512),
    clientAddress: headerText(last?.replace(/^::ffff:/, ""), 64),
  };
}

/**
 * Starts a session for a sign-in and returns its random id, for next-auth's token (and nowhere
 * else). The same statement drops this user's rows that ended or expired long ago.
 */
export async function startSession(
  db: Db,
  input: { userId: string; method: SessionMethod; lifetimes: SessionLifetimes; now?: Date } & ClientFacts,
): Promise<string> {
  const now = input.now ?? new Date();
  const secret = randomBytes(32).toString("base64url");
  const prune = db.$with("pruned").as(
    db
      .delete(sessions)
      .where(
        and(
          eq(sessions.userId, input.userId),
          or(
            lt(sessions.endedAt, new Date(now.getTime() - KEEP_ENDED_MS)),
            lt(sessions.expiresAt, new Date(now.getTime() - KEEP_ENDED_MS)),
          ),
        ),
      )
      .returning({ id: sessions.id }),
  );
  await db
    .with(prune)
    .insert(sessions)
    .values({
      secretHash: sessionSecretHash(secret),
      userId: input.userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + input.lifetimes.maxHours * 3_600_000),
      method: input.method,
      userAgent: input.userAgent,
      clientAddress: input.clientAddress,
    });
  return secret;
}

/** The conditions of a live session at `now`: not ended, before its absolute end, used within the idle lifetime. */
function liveAt(now: Date, idleMinutes: number) {
  return and(
    isNull(sessions.endedAt),
    gt(sessions.expiresAt, now),
    gt(sessions.lastSeenAt, new Date(now.getTime() - idleMinutes * 60_000)),
  );
}

export interface SessionView {
  id: string;
  method: SessionMethod;
  userAgent: string | null;
  clientAddress: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** The user's live sessions, newest sign-in first. */
export function listSessions(
  db: Db,
  userId: string,
  lifetimes: SessionLifetimes,
  now = new Date(),
): Promise<SessionView[]> {
  return db
    .select({
      id: sessions.id,
      method: sessions.method,
      userAgent: sessions.userAgent,
      clientAddress: sessions.clientAddress,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), liveAt(now, lifetimes.idleMinutes)))
    .orderBy(desc(sessions.createdAt), desc(sessions.id));
}

/**
 * Ends sessions of one user at once: the next request with their cookie finds no live row and is
 * treated as signed out. `only` picks one session, `except` keeps one (the caller's own). Answers
 * the ids it ended. Works inside a caller's transaction.
 */
export async function endSessions(
  db: Db,
  userId: string,
  reason: SessionEndReason,
  { only, except, now = new Date() }: { only?: string; except?: string; now?: Date } = {},
): Promise<string[]> {
  const ended = await db
    .update(sessions)
    .set({ endedAt: now, endedReason: reason })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.endedAt),
        only ? eq(sessions.id, only) : undefined,
        except ? ne(sessions.id, except) : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return ended.map((r) => r.id);
}

/** Sign-out: ends the session whose random id the cookie carried. */
export async function endSessionBySecret(
  db: Db,
  secret: string,
  reason: SessionEndReason,
  now = new Date(),
): Promise<void> {
  await db
    .update(sessions)
    .set({ endedAt: now, endedReason: reason })
    .where(and(eq(sessions.secretHash, sessionSecretHash(secret)), isNull(sessions.endedAt)));
}

/** Whether the cookie's session is still live (next-auth's own /api/auth/session asks; requests use loadCaller). */
export async function sessionIsLive(
  db: Db,
  secret: string,
  lifetimes: SessionLifetimes,
  now = new Date(),
): Promise<boolean> {
  const [row] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.secretHash, sessionSecretHash(secret)), liveAt(now, lifetimes.idleMinutes)))
    .limit(1);
  return Boolean(row);
}
