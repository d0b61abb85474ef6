import "server-only";
import { cookies } from "next/headers";
import { getServerSession } from "next-auth";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { memberships, teams, users } from "@/lib/db/schema";
import { authOptions } from "./options";
import type { TeamRole } from "./permissions";

export const TEAM_COOKIE = "keyward-team";

export interface Caller {
  user: { id: string; email: string; name: string };
  /** The team the caller is acting in, and their role there; null when they belong to none. */
  team: { id: string; name: string; role: TeamRole } | null;
  teams: Array<{ id: string; name: string; role: TeamRole }>;
  /** Set for an account created with a one-time password: it must choose its own before anything else. */
  mustChangePassword: boolean;
}

/**
 * Who is calling, read fresh from the database on each request so that a removed user or a
 * changed role takes effect at once. The one place that reads the session.
 */
export async function currentCaller(): Promise<Caller | null> {
  const session = await getServerSession(authOptions());
  const userId = (session?.user as { id?: string } | undefined)?.id;
  if (!userId) return null;
  const db = await getDb();
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, mustChangePassword: users.mustChangePassword })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) return null;
  const { mustChangePassword, ...user } = row;
  const rows = await db
    .select({ id: teams.id, name: teams.name, role: memberships.role })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(eq(memberships.userId, userId))
    .orderBy(teams.name);
  // The cookie only chooses among the caller's own memberships; a stale or forged id falls back.
  const wanted = (await cookies()).get(TEAM_COOKIE)?.value;
  const team = rows.find((t) => t.id === wanted) ?? rows[0] ?? null;
  return { user, team, teams: rows, mustChangePassword };
}
