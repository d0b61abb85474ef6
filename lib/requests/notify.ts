import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { memberships, notifications } from "@/lib/db/schema";
import { can, TEAM_ROLES } from "@/lib/auth/permissions";

/** In-console notices; written in the transaction of the change they announce. */
export async function notifyUser(tx: Db, userId: string, teamId: string, message: string, link: string): Promise<void> {
  await tx.insert(notifications).values({ userId, teamId, message, link });
}

/** Where a decider's notice points; also how the Requests badge tells those notices apart (badges.ts). */
export const DECIDER_NOTICE_LINK = "/approvals";

/** Tells every member who may decide requests, except the one who caused the change. */
export async function notifyDeciders(tx: Db, teamId: string, exceptUserId: string, message: string): Promise<void> {
  const roles = TEAM_ROLES.filter((r) => can(r, "request.decide"));
  const rows = await tx
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), ne(memberships.userId, exceptUserId)));
  const deciders = rows.filter((r) => roles.includes(r.role));
  if (deciders.length)
    await tx
      .insert(notifications)
      .values(deciders.map((d) => ({ userId: d.userId, teamId, message, link: DECIDER_NOTICE_LINK })));
}
