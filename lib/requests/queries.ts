import { and, count, desc, eq, isNull } from "drizzle-orm";
import { isUuid } from "@/lib/ids";
import { pageOffset, type PageQuery, type Paged } from "@/lib/pagination/page-query";
import { requesterNotices } from "./badges";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { connections, grants, keyRequests, keys, notifications, users } from "@/lib/db/schema";
import type { REQUEST_STATUSES } from "./request-input";
import { requestStatusIs, requestStatusSql } from "./status";

type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** A request as pages and the BFF show it: who, what, how long, why, and the policy that applied. */
export interface RequestView {
  id: string;
  connectionId: string;
  connectionName: string;
  vendor: string;
  requesterId: string;
  requester: string;
  name: string;
  scope: string[];
  /** The vendor's names of the scope ids when the request was filed; null for older requests. */
  scopeNames: Record<string, string> | null;
  securityLevel: string | null;
  expiresAt: string | null;
  reason: string;
  status: RequestStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  approvalExpiresAt: string | null;
  createdAt: string;
  keyId: string | null;
  /** A rotation: the key it replaces and the hours that key stays live after the issue. */
  rotation: { keyId: string; graceHours: number } | null;
  policy: { teamRole: string; requiresApproval: boolean; maxDays: number | null } | null;
}

const requester = alias(users, "requester");
const decider = alias(users, "decider");

/** Requests with what a view needs (connection, people, key, grant); list-page.ts pages it. */
export function requestViewQuery(db: Db, now: Date) {
  return db
    .select({
      r: keyRequests,
      status: requestStatusSql(now),
      connectionName: connections.name,
      vendor: connections.vendor,
      requester: requester.email,
      decidedBy: decider.email,
      keyId: keys.id,
      grant: grants,
    })
    .from(keyRequests)
    .innerJoin(connections, eq(connections.id, keyRequests.connectionId))
    .innerJoin(requester, eq(requester.id, keyRequests.requesterId))
    .leftJoin(decider, eq(decider.id, keyRequests.decidedBy))
    .leftJoin(keys, eq(keys.requestId, keyRequests.id))
    .leftJoin(grants, eq(grants.id, keyRequests.grantId));
}

type Row = Awaited<ReturnType<ReturnType<typeof requestViewQuery>["execute"]>>[number];

export function toRequestView({
  r,
  status,
  connectionName,
  vendor,
  requester: email,
  decidedBy,
  keyId,
  grant,
}: Row): RequestView {
  return {
    id: r.id,
    connectionId: r.connectionId,
    connectionName,
    vendor,
    requesterId: r.requesterId,
    requester: email,
    name: r.name,
    scope: r.scope,
    scopeNames: r.scopeNames,
    securityLevel: r.securityLevel,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    reason: r.reason,
    status,
    decidedBy,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionReason: r.decisionReason,
    approvalExpiresAt: r.approvalExpiresAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    keyId,
    rotation: r.replacesKeyId ? { keyId: r.replacesKeyId, graceHours: r.replaceGraceHours ?? 0 } : null,
    policy: grant
      ? { teamRole: grant.teamRole, requiresApproval: grant.requiresApproval, maxDays: grant.maxDays }
      : null,
  };
}

/**
 * The team's requests (all, or one requester's, or one status), newest first. A read only: the
 * status is the one shown everywhere (status.ts), so an approval past its window reads lapsed
 * before the lapse job has recorded it.
 */
export async function listRequests(
  db: Db,
  teamId: string,
  filter: { requesterId?: string; status?: RequestStatus } = {},
  limit = 200,
  now = new Date(),
): Promise<RequestView[]> {
  const where = [eq(keyRequests.teamId, teamId)];
  if (filter.requesterId) where.push(eq(keyRequests.requesterId, filter.requesterId));
  if (filter.status) where.push(requestStatusIs(filter.status, now));
  const rows = await requestViewQuery(db, now)
    .where(and(...where))
    .orderBy(desc(keyRequests.createdAt))
    .limit(limit);
  return rows.map(toRequestView);
}

export async function getRequestView(
  db: Db,
  teamId: string,
  id: string,
  now = new Date(),
): Promise<RequestView | null> {
  if (!isUuid(id)) return null;
  const [row] = await requestViewQuery(db, now)
    .where(and(eq(keyRequests.teamId, teamId), eq(keyRequests.id, id)))
    .limit(1);
  return row ? toRequestView(row) : null;
}

/**
 * One request as the caller may open it: their own, or any of the team's with request.read.all
 * (admins and auditors, who can also list them all). Anything else reads as absent (404), so a
 * member cannot tell another member's request from one that does not exist.
 */
export async function readRequest(db: Db, actor: Actor, id: string): Promise<RequestView> {
  const view = await getRequestView(db, actor.team.id, id);
  if (!view || (view.requesterId !== actor.user.id && !can(actor.team.role, "request.read.all")))
    throw notFound("The request");
  return view;
}

export interface NotificationView {
  id: string;
  message: string;
  link: string | null;
  read: boolean;
  createdAt: string;
}

/**
 * The user's notices in the team, newest first, a page at a time with the total. `mine` keeps only
 * those about their own requests (not the decider's "… requests a key"), `unread` the unread ones.
 */
export async function listNotificationPage(
  db: Db,
  userId: string,
  teamId: string,
  page: PageQuery,
  only: { mine?: boolean; unread?: boolean } = {},
): Promise<Paged<NotificationView>> {
  const where = and(
    only.mine
      ? requesterNotices(userId, teamId)
      : and(eq(notifications.userId, userId), eq(notifications.teamId, teamId)),
    only.unread ? isNull(notifications.readAt) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(page.size)
      .offset(pageOffset(page)),
    db.select({ n: count() }).from(notifications).where(where),
  ]);
  return {
    rows: rows.map((n) => ({
      id: n.id,
      message: n.message,
      link: n.link,
      read: n.readAt !== null,
      createdAt: n.createdAt.toISOString(),
    })),
    total: Number(total?.n ?? 0),
    ...page,
  };
}

export async function markNotificationsRead(db: Db, userId: string, teamId: string): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), eq(notifications.teamId, teamId), isNull(notifications.readAt)));
}
