import "server-only";
import { cookies } from "next/headers";
import { decodeProtectedHeader } from "jose";
import { decode, getToken, type JWTDecodeParams } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { and, asc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import type { Db } from "@/lib/db/client";
import { memberships, sessions, teams, users } from "@/lib/db/schema";
import { authSecret, sessionLifetimes, useSecureCookies } from "./options";
import { hasSecondFactorSql } from "./factors/factors";
import type { TeamRole } from "./permissions";
import { sessionSecretHash } from "./sessions";

export const TEAM_COOKIE = "keyward-team";

export interface Caller {
  user: { id: string; email: string; name: string };
  /** The team the caller is acting in, and their role there; null when they belong to none. */
  team: { id: string; name: string; role: TeamRole } | null;
  teams: Array<{ id: string; name: string; role: TeamRole }>;
  /** Set for an account created with a one-time password: it must choose its own before anything else. */
  mustChangePassword: boolean;
  /** Set when one of the caller's teams requires a second factor and they have none: they must enrol one first. */
  mustEnrolSecondFactor: boolean;
  /** The public id of the session this request came with (the `sessions` row; "This session" on the sessions page). */
  sessionId: string;
}

/**
 * A session's `last_seen_at` is written at most once per this interval. Idle expiry is counted in
 * minutes, so a minute's precision loses nothing; writing on every request would turn every page
 * view and API read into a row write (WAL, row locks between parallel requests of one browser).
 */
const TOUCH_EVERY_MS = 60_000;

/**
 * The session and its caller in one statement, prepared once per database:
 *
 * - the session row, by the SHA-256 of the cookie's random id, only while live — not ended,
 *   before its absolute end, used within the idle lifetime (an ended or expired session gives no
 *   row, so the request is treated as signed out);
 * - its user and their teams, one row per membership ordered by team name (or a single row with
 *   no team);
 * - and, in a CTE, the conditional UPDATE of `last_seen_at`: it matches only a live session last
 *   seen over a minute ago, so most requests write nothing, and none needs a second round trip.
 *   (The CTE runs whether or not the SELECT reads it; the SELECT sees the row as it was before.)
 *
 * Times are parameters (`now`), not the database's clock, so tests can move the clock.
 */
const callerQueries = new WeakMap<Db, ReturnType<typeof prepareCallerQuery>>();

function prepareCallerQuery(db: Db) {
  const at = (name: string) => sql`${sql.placeholder(name)}::timestamptz`;
  const live = and(
    eq(sessions.secretHash, sql.placeholder("secretHash")),
    isNull(sessions.endedAt),
    gt(sessions.expiresAt, at("now")),
    gt(sessions.lastSeenAt, at("idleSince")),
  );
  const touched = db.$with("touched").as(
    db
      .update(sessions)
      .set({ lastSeenAt: at("now") })
      .where(and(live, lt(sessions.lastSeenAt, at("touchBefore"))))
      .returning({ id: sessions.id }),
  );
  return db
    .with(touched)
    .select({
      sessionId: sessions.id,
      id: users.id,
      email: users.email,
      name: users.name,
      mustChangePassword: users.mustChangePassword,
      hasSecondFactor: hasSecondFactorSql(users.id),
      teamRequiresSecondFactor: teams.requireSecondFactor,
      teamId: teams.id,
      teamName: teams.name,
      role: memberships.role,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(teams, eq(teams.id, memberships.teamId))
    .where(live)
    .orderBy(asc(teams.name))
    .prepare("keyward_current_session");
}

/**
 * The caller of a live session, read fresh (no cache), so a removed user, a changed role or an
 * ended session counts at once; null when the session is unknown, ended, idle too long or past
 * its absolute lifetime.
 */
export async function loadCaller(
  db: Db,
  sessionSecret: string,
  wantedTeamId: string | undefined,
  { idleMinutes, now = new Date() }: { idleMinutes: number; now?: Date },
): Promise<Caller | null> {
  let query = callerQueries.get(db);
  if (!query) callerQueries.set(db, (query = prepareCallerQuery(db)));
  const rows = await query.execute({
    secretHash: sessionSecretHash(sessionSecret),
    now: now.toISOString(),
    idleSince: new Date(now.getTime() - idleMinutes * 60_000).toISOString(),
    touchBefore: new Date(now.getTime() - TOUCH_EVERY_MS).toISOString(),
  });
  const first = rows[0];
  if (!first) return null;
  const user = { id: first.id, email: first.email, name: first.name };
  const memberOf = rows.flatMap((r) =>
    r.teamId !== null && r.teamName !== null && r.role !== null
      ? [{ id: r.teamId, name: r.teamName, role: r.role }]
      : [],
  );
  // The cookie only chooses among the caller's own memberships; a stale or forged id falls back.
  const team = memberOf.find((t) => t.id === wantedTeamId) ?? memberOf[0] ?? null;
  const mustEnrolSecondFactor = !first.hasSecondFactor && rows.some((r) => r.teamRequiresSecondFactor === true);
  return {
    user,
    team,
    teams: memberOf,
    mustChangePassword: first.mustChangePassword,
    mustEnrolSecondFactor,
    sessionId: first.sessionId,
  };
}

/**
 * next-auth's own decoder, behind one cheap check of the JWE header: next-auth only ever issues
 * `dir` + `A256GCM`, and refusing other algorithms up front keeps a forged header from making
 * the server run a key-wrapping algorithm (PBES2's iteration count) it would never need.
 */
async function decodeNextAuthToken(params: JWTDecodeParams) {
  try {
    const { alg, enc } = decodeProtectedHeader(params.token ?? "");
    if (alg !== "dir" || enc !== "A256GCM") return null;
  } catch {
    return null;
  }
  return decode(params);
}

/**
 * The session's random id from next-auth's session cookie, read by next-auth's `getToken` (its
 * cookie name, chunked cookies, JWE decryption, `exp` with its clock tolerance); null when there
 * is no valid token. Only the cookie counts: no `Authorization: Bearer` token is looked at.
 */
async function sessionSecretFrom(cookieJar: {
  getAll(): Array<{ name: string; value: string }>;
}): Promise<string | null> {
  const token = await getToken({
    // getToken reads `req.cookies` (anything with getAll) and `req.headers` (for a Bearer token,
    // which empty headers rule out); it needs nothing else of a request.
    req: { cookies: cookieJar, headers: new Headers() } as unknown as NextRequest,
    secret: authSecret(),
    secureCookie: useSecureCookies(),
    decode: decodeNextAuthToken,
  });
  return typeof token?.sid === "string" && token.sid ? token.sid : null;
}

/**
 * Who is calling: the session cookie's random id, then the session and caller read fresh from
 * the database in one statement on each request. The one place that reads the session.
 */
export async function currentCaller(): Promise<Caller | null> {
  const store = await cookies();
  const secret = await sessionSecretFrom(store);
  if (!secret) return null;
  return loadCaller(await getDb(), secret, store.get(TEAM_COOKIE)?.value, {
    idleMinutes: sessionLifetimes().idleMinutes,
  });
}
