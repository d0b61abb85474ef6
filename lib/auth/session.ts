import "server-only";
import { cookies } from "next/headers";
import { asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import type { Db } from "@/lib/db/client";
import { memberships, teams, users } from "@/lib/db/schema";
import { authSecret, useSecureCookies } from "./options";
import { hasSecondFactorSql } from "./factors/factors";
import type { TeamRole } from "./permissions";
import { sessionCookieName, sessionTokenFrom, sessionUserId } from "./session-token";

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
}

/**
 * The user and their teams in one statement: one row per membership (ordered by team name),
 * or a single row with no team for a user who belongs to none. Prepared once per database.
 */
const callerQueries = new WeakMap<Db, ReturnType<typeof prepareCallerQuery>>();

function prepareCallerQuery(db: Db) {
  return db
    .select({
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
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(teams, eq(teams.id, memberships.teamId))
    .where(eq(users.id, sql.placeholder("userId")))
    .orderBy(asc(teams.name))
    .prepare("keyward_current_caller");
}

/** The caller's row and memberships, read fresh (no cache), so a removed user or changed role counts at once. */
export async function loadCaller(db: Db, userId: string, wantedTeamId: string | undefined): Promise<Caller | null> {
  let query = callerQueries.get(db);
  if (!query) callerQueries.set(db, (query = prepareCallerQuery(db)));
  const rows = await query.execute({ userId });
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
  return { user, team, teams: memberOf, mustChangePassword: first.mustChangePassword, mustEnrolSecondFactor };
}

/**
 * Who is calling, read fresh from the database on each request so that a removed user or a
 * changed role takes effect at once. The one place that reads the session.
 */
export async function currentCaller(): Promise<Caller | null> {
  const store = await cookies();
  const userId = await sessionUserId(
    sessionTokenFrom(store.getAll(), sessionCookieName(useSecureCookies())),
    authSecret(),
  );
  if (!userId) return null;
  return loadCaller(await getDb(), userId, store.get(TEAM_COOKIE)?.value);
}
