import { and, count, eq, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keyRequests, notifications, teams } from "@/lib/db/schema";
import { DECIDER_NOTICE_LINK } from "./notify";

/**
 * The navigation's badges count only what waits for the person looking. Notices to deciders
 * ("… requests a key") are not counted under Requests: what they announce is the Approvals
 * badge's business, and they stay unread long after someone decided.
 */

/** Pending requests this user may decide now: the team's, less their own unless the team allows self-approval. */
export async function decisionsWaitingCount(db: Db, teamId: string, userId: string): Promise<number> {
  const selfApproval = sql`coalesce((select ${teams.selfApproval} from ${teams} where ${teams.id} = ${teamId}), false)`;
  const [row] = await db
    .select({ n: count() })
    .from(keyRequests)
    .where(
      and(
        eq(keyRequests.teamId, teamId),
        eq(keyRequests.status, "pending"),
        or(ne(keyRequests.requesterId, userId), sql`${selfApproval}`),
      ),
    );
  return Number(row?.n ?? 0);
}

/** Unread notices about the user's own requests (decisions, lapses, interrupted issues). */
export async function requesterNoticeCount(db: Db, userId: string, teamId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(requesterNotices(userId, teamId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** The user's notices in the team, less those addressed to them as a decider. */
export const requesterNotices = (userId: string, teamId: string) =>
  and(
    eq(notifications.userId, userId),
    eq(notifications.teamId, teamId),
    sql`${notifications.link} is distinct from ${DECIDER_NOTICE_LINK}`,
  );
