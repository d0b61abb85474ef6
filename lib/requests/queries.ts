import { and, count, desc, eq, isNull } from "drizzle-orm";
import { isUuid } from "@/lib/ids";
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

function baseQuery(db: Db, now: Date) {
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

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>["execute"]>>[number];

function toView({ r, status, connectionName, vendor, requester: email, decidedBy, keyId, grant }: Row): RequestView {
  return {
    id: r.id,
    connectionId: r.connectionId,
    connectionName,
    vendor,
    requesterId: r.requesterId,
    requester: email,
    name: r.name,
    scope: r.scope,
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
  const rows = await baseQuery(db, now)
    .where(and(...where))
    .orderBy(desc(keyRequests.createdAt))
    .limit(limit);
  return rows.map(toView);
}

export async function getRequestView(
  db: Db,
  teamId: string,
  id: string,
  now = new Date(),
): Promise<RequestView | null> {
  if (!isUuid(id)) return null;
  const [row] = await baseQuery(db, now)
    .where(and(eq(keyRequests.teamId, teamId), eq(keyRequests.id, id)))
    .limit(1);
  return row ? toView(row) : null;
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

export async function pendingCount(db: Db, teamId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(keyRequests)
    .where(and(eq(keyRequests.teamId, teamId), eq(keyRequests.status, "pending")));
  return Number(row?.n ?? 0);
}

export interface NotificationView {
  id: string;
  message: string;
  link: string | null;
  read: boolean;
  createdAt: string;
}

export async function listNotifications(
  db: Db,
  userId: string,
  teamId: string,
  limit = 50,
): Promise<NotificationView[]> {
  const rows = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.teamId, teamId)))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
  return rows.map((n) => ({
    id: n.id,
    message: n.message,
    link: n.link,
    read: n.readAt !== null,
    createdAt: n.createdAt.toISOString(),
  }));
}

export async function unreadCount(db: Db, userId: string, teamId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.teamId, teamId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

export async function markNotificationsRead(db: Db, userId: string, teamId: string): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), eq(notifications.teamId, teamId), isNull(notifications.readAt)));
}
