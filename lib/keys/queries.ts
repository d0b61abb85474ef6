import { and, eq, sql, type WithSubquery } from "drizzle-orm";
import { uuidOrNotFound } from "@/lib/ids";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/lib/db/client";
import { connections, keys, users } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { keyStatusSql } from "./status";

export interface KeyView {
  id: string;
  name: string;
  vendor: string;
  connectionId: string;
  connectionName: string;
  vendorKeyId: string;
  publicId: string | null;
  scope: string[];
  /** The vendor's names of the scope ids when the key was issued; null for older keys (show the ids). */
  scopeNames: Record<string, string> | null;
  securityLevel: string | null;
  status: string;
  fingerprint: string;
  lastFour: string;
  issuedBy: string;
  /** Who approved the request the key came from (the requester themself when the policy auto-approved). */
  approvedBy: string | null;
  reason: string | null;
  requestId: string | null;
  issuedAt: string;
  expiresAt: string | null;
}

const approver = alias(users, "approver");

const keyColumns = {
  id: keys.id,
  name: keys.name,
  vendor: keys.vendor,
  connectionId: keys.connectionId,
  connectionName: connections.name,
  vendorKeyId: keys.vendorKeyId,
  publicId: keys.publicId,
  scope: keys.scope,
  scopeNames: keys.scopeNames,
  securityLevel: keys.securityLevel,
  status: keys.status,
  fingerprint: keys.fingerprint,
  lastFour: keys.lastFour,
  issuedBy: users.email,
  approvedBy: approver.email,
  reason: keys.reason,
  requestId: keys.requestId,
  issuedAt: keys.issuedAt,
  expiresAt: keys.expiresAt,
};

type KeyRow = Awaited<ReturnType<ReturnType<typeof baseQuery>["execute"]>>[number];
type KeyValues = typeof keys.$inferInsert;

function toView(row: KeyRow): KeyView {
  return { ...row, issuedAt: row.issuedAt.toISOString(), expiresAt: row.expiresAt?.toISOString() ?? null };
}

function baseQuery(db: Db, now = new Date()) {
  return db
    .select({ ...keyColumns, status: keyStatusSql(now) })
    .from(keys)
    .innerJoin(connections, eq(connections.id, keys.connectionId))
    .innerJoin(users, eq(users.id, keys.issuedBy))
    .leftJoin(approver, eq(approver.id, keys.approvedBy));
}

/**
 * One key of the team; with `ownerId`, only if that user issued it (members see their own keys alone).
 * Its status is the one the inventory shows (status.ts), so a key past its expiry reads expired here too.
 */
export async function getKey(db: Db, teamId: string, id: string, ownerId?: string, now = new Date()): Promise<KeyView> {
  uuidOrNotFound(id, "The key");
  const [row] = await baseQuery(db, now)
    .where(and(eq(keys.teamId, teamId), eq(keys.id, id), ownerId ? eq(keys.issuedBy, ownerId) : undefined))
    .limit(1);
  if (!row) throw notFound("The key");
  return toView(row);
}

/**
 * Inserts a key and answers its view from the same statement: the row as inserted, with the
 * names getKey joins in read by subqueries from the same tables — a read after the insert saved.
 * `alsoRun`: data-modifying CTEs that belong with the insert (marking what the key came from),
 * run by the same statement.
 */
export async function insertKey(tx: Db, values: KeyValues, alsoRun: WithSubquery[] = []): Promise<KeyView> {
  const [row] = await (alsoRun.length ? tx.with(...alsoRun) : tx)
    .insert(keys)
    .values(values)
    .returning({
      ...keyColumns,
      connectionName: sql<string>`(select c.name from ${connections} c where c.id = ${keys.connectionId})`,
      issuedBy: sql<string>`(select u.email from ${users} u where u.id = ${keys.issuedBy})`,
      approvedBy: sql<string | null>`(select u.email from ${users} u where u.id = ${keys.approvedBy})`,
    });
  return toView(row!);
}
