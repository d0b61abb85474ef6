import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { memberships, notifications } from "@/lib/db/schema";
import { can, TEAM_ROLES } from "@/lib/auth/permissions";
import { notify } from "@/lib/notify/notify";

/** An in-console notice only, outside the team's notification rules (a recovered issue). */
export async function notifyUser(tx: Db, userId: string, teamId: string, message: string, link: string): Promise<void> {
  await tx.insert(notifications).values({ userId, teamId, message, link });
}

/** Where a decider's notice points; also how the Requests badge tells those notices apart (badges.ts). */
export const DECIDER_NOTICE_LINK = "/approvals";

/** Tells every member who may decide requests, except the one who caused the change, that a request waits. */
export async function notifyDeciders(
  tx: Db,
  teamId: string,
  exceptUserId: string,
  request: { id: string; message: string },
): Promise<void> {
  const roles = TEAM_ROLES.filter((r) => can(r, "request.decide"));
  const rows = await tx
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), ne(memberships.userId, exceptUserId)));
  await notify(tx, {
    teamId,
    event: "request.waiting",
    occurrence: request.id,
    to: rows.filter((r) => roles.includes(r.role)).map((r) => r.userId),
    subject: request.message,
    body: `${request.message} Open the approvals page to approve or deny it.`,
    link: DECIDER_NOTICE_LINK,
  });
}
