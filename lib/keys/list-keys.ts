import { and, eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/lib/db/client";
import { connections, keys, memberships, users } from "@/lib/db/schema";
import type { KeyView } from "./queries";
import { cappedKeyCount, type CappedCount } from "@/lib/pagination/capped-count";
import { keyStatusIs, keyStatusSql } from "./status";
import { unusedForDaysCondition } from "./unused";
import {
  decodeCursor,
  defaultDirection,
  encodeCursor,
  type KeyCursor,
  type KeyFilter,
  type KeyListQuery,
  type KeySort,
  type SortDirection,
} from "./list-query";

/**
 * The keys inventory: one team's keys, filtered, sorted and paged by keyset (the last row's sort
 * value and id), so page 10,000 costs what page 1 costs and nothing counts the whole table.
 * Every sort has an index that starts with team_id and ends with id (lib/db/schema.ts).
 */

/** A row of the inventory: the key's view without reason and request, plus its owner's id. */
export interface InventoryKey extends Omit<KeyView, "reason" | "requestId" | "scopeNames"> {
  ownerId: string;
  /** The owner is no longer a member of the team (offboarding kept the key as ownerless). */
  ownerless: boolean;
  /** When the vendor last saw the key authenticate (vendors that report it), and the last reconcile that saw it. */
  lastUsedAt: string | null;
  lastSeenAt: string | null;
}

export interface KeyPage {
  keys: InventoryKey[];
  /** How many keys the filter selects (capped: "10,000+"). */
  total: CappedCount;
  /** How many keys come before this page in the list's order. */
  start: number;
  nextCursor: string | null;
  prevCursor: string | null;
}

/** Whose keys the caller may see: members only their own (no key.read.all). */
export interface KeyViewer {
  userId: string;
  seesAll: boolean;
}

const approvers = alias(users, "approvers");

/** The sort expressions, written exactly as in the indexes so the planner matches them. */
function sortExpression(sort: KeySort): { expr: SQL; type: SQL } {
  switch (sort) {
    case "issued":
      return { expr: sql`${keys.issuedAt}`, type: sql`timestamptz` };
    case "expires":
      // "Never expires" sorts after every date, and stays a comparable value for the cursor.
      return { expr: sql`coalesce(${keys.expiresAt}, 'infinity'::timestamptz)`, type: sql`timestamptz` };
    case "name":
      // Byte order: the same index serves the sort and the prefix search.
      return { expr: sql`lower(${keys.name}) collate "C"`, type: sql`text collate "C"` };
  }
}

function statusCondition(status: KeyListQuery["status"], now: Date): SQL | undefined {
  return status === undefined ? undefined : keyStatusIs(status, now);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The smallest string above every string that starts with `prefix`, in byte order; null if none is simple to write. */
function prefixUpperBound(prefix: string): string | null {
  const chars = Array.from(prefix);
  const last = chars.pop()?.codePointAt(0);
  if (last === undefined || last >= 0xd7ff) return null;
  return chars.join("") + String.fromCodePoint(last + 1);
}

function nameCondition(q: string | undefined): SQL | undefined {
  if (!q) return undefined;
  const prefix = q.toLowerCase();
  const upper = prefixUpperBound(prefix);
  const lowerName = sql`lower(${keys.name}) collate "C"`;
  // The range lets the btree find the rows whatever the plan cache does with LIKE; LIKE keeps the meaning exact.
  return sql`${lowerName} >= ${prefix} ${upper ? sql`and ${lowerName} < ${upper}` : sql``} and ${lowerName} like ${escapeLike(prefix) + "%"}`;
}

/**
 * Active keys expiring in the window. Written twice on purpose: on expires_at for the partial
 * index of active keys, and on the expiry sort expression so a sort by expiry starts its index
 * walk at "now" instead of stepping over every key that expired before.
 */
function expiringCondition(now: Date, days: number): SQL {
  const from = sql`${now.toISOString()}::timestamptz`;
  const until = sql`${new Date(now.getTime() + days * 86_400_000).toISOString()}::timestamptz`;
  const { expr } = sortExpression("expires");
  // Shown as active (the one status rule), with the expiry range spelled out for the partial index.
  return sql`${keyStatusIs("active", now)} and ${keys.expiresAt} > ${from} and ${keys.expiresAt} <= ${until} and ${expr} > ${from} and ${expr} <= ${until}`;
}

/** The key's owner has no membership in the key's team any more. */
export const ownerlessSql = (): SQL<boolean> =>
  sql<boolean>`not exists (select 1 from ${memberships} where ${memberships.teamId} = ${keys.teamId} and ${memberships.userId} = ${keys.issuedBy})`;

/** Keys issued before the day's start, UTC. */
const issuedBeforeCondition = (day: string | undefined): SQL | undefined =>
  day ? sql`${keys.issuedAt} < ${`${day}T00:00:00Z`}::timestamptz` : undefined;

/**
 * What a filter selects, within what the viewer may see: the list, its export and bulk revoke's
 * preview and re-check all use this one condition.
 */
export function keyFilterCondition(teamId: string, viewer: KeyViewer, query: KeyFilter, now: Date): SQL {
  const conditions: Array<SQL | undefined> = [
    eq(keys.teamId, teamId),
    viewer.seesAll ? undefined : eq(keys.issuedBy, viewer.userId),
    query.vendor ? eq(keys.vendor, query.vendor) : undefined,
    query.connectionId ? eq(keys.connectionId, query.connectionId) : undefined,
    query.ownerId ? eq(keys.issuedBy, query.ownerId) : undefined,
    statusCondition(query.status, now),
    query.expiringWithinDays ? expiringCondition(now, query.expiringWithinDays) : undefined,
    query.unusedForDays ? unusedForDaysCondition(query.unusedForDays, now) : undefined,
    nameCondition(query.q),
    query.ownerless ? ownerlessSql() : undefined,
    issuedBeforeCondition(query.issuedBefore),
  ];
  return and(...conditions)!;
}

/** The page query itself, without running it (the benchmark EXPLAINs it). */
export function keyListSelect(db: Db, teamId: string, viewer: KeyViewer, query: KeyListQuery, now: Date) {
  const dir: SortDirection = query.dir ?? defaultDirection(query.sort);
  const cursor: KeyCursor | null = query.cursor ? decodeCursor(query.cursor, query.sort, dir) : null;
  const backward = cursor?.b === 1;
  // Going back walks the same index the other way, then the page is put in display order.
  const walk: SortDirection = backward ? (dir === "asc" ? "desc" : "asc") : dir;
  const { expr, type } = sortExpression(query.sort);
  const after = cursor
    ? walk === "asc"
      ? sql`(${expr}, ${keys.id}) > (${cursor.v}::${type}, ${cursor.id}::uuid)`
      : sql`(${expr}, ${keys.id}) < (${cursor.v}::${type}, ${cursor.id}::uuid)`
    : undefined;
  const order = walk === "asc" ? sql`asc` : sql`desc`;
  const select = db
    .select({
      id: keys.id,
      name: keys.name,
      vendor: keys.vendor,
      connectionId: keys.connectionId,
      connectionName: connections.name,
      vendorKeyId: keys.vendorKeyId,
      publicId: keys.publicId,
      scope: keys.scope,
      securityLevel: keys.securityLevel,
      status: keyStatusSql(now),
      fingerprint: keys.fingerprint,
      lastFour: keys.lastFour,
      ownerId: keys.issuedBy,
      ownerless: ownerlessSql(),
      issuedBy: users.email,
      approvedBy: approvers.email,
      issuedAt: keys.issuedAt,
      expiresAt: keys.expiresAt,
      lastUsedAt: keys.lastUsedAt,
      lastSeenAt: keys.lastSeenAt,
      sortValue: sql<string>`(${expr})::text`,
    })
    .from(keys)
    .innerJoin(connections, eq(connections.id, keys.connectionId))
    .innerJoin(users, eq(users.id, keys.issuedBy))
    .leftJoin(approvers, eq(approvers.id, keys.approvedBy))
    .where(and(keyFilterCondition(teamId, viewer, query, now), after))
    .orderBy(sql`${expr} ${order}`, sql`${keys.id} ${order}`)
    .limit(query.limit + 1);
  return { select, cursor, backward, dir };
}

/**
 * One page of the inventory, with cursors for the next and previous pages (null at either end),
 * the filter's capped total and the page's position, which the cursors carry along.
 */
export async function listKeyPage(
  db: Db,
  teamId: string,
  viewer: KeyViewer,
  query: KeyListQuery,
  now = new Date(),
): Promise<KeyPage> {
  const { select, cursor, backward, dir } = keyListSelect(db, teamId, viewer, query, now);
  const [rows, total] = await Promise.all([select, cappedKeyCount(db, keyFilterCondition(teamId, viewer, query, now))]);
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  if (backward) page.reverse();
  // Going back and reaching the first row means this is the first page, whatever the cursor said.
  const start = backward && !more ? 0 : (cursor?.n ?? 0);
  const make = (row: (typeof rows)[number] | undefined, b: boolean, n: number) =>
    row
      ? encodeCursor({ s: query.sort, d: dir, v: row.sortValue, id: row.id, n, ...(b ? { b: 1 as const } : {}) })
      : null;
  const after = start + page.length;
  const before = Math.max(0, start - query.limit);
  const nextCursor = backward || more ? make(page.at(-1), false, after) : null;
  const prevCursor = (backward ? more : cursor) ? make(page[0], true, before) : null;
  return {
    total,
    start,
    keys: page.map(({ sortValue: _sortValue, ...k }) => ({
      ...k,
      issuedAt: k.issuedAt.toISOString(),
      expiresAt: k.expiresAt?.toISOString() ?? null,
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      lastSeenAt: k.lastSeenAt?.toISOString() ?? null,
    })),
    nextCursor,
    prevCursor,
  };
}
