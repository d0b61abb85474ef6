import { and, asc, count, desc, eq, gt, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { auditEvents, memberships } from "@/lib/db/schema";
import { cappedCount, COUNT_CAP, type CappedCount } from "@/lib/pagination/capped-count";
import type { AuditFilter, AuditPosition } from "./filter";

export type AuditEventView = Omit<typeof auditEvents.$inferSelect, "at"> & { at: string };

export interface AuditPageOptions {
  /** Keyset cursor for newest-first pages: events with a smaller id. */
  before?: number;
  /** Keyset cursor for oldest-first pages: events with a larger id. */
  after?: number;
  limit?: number;
}

const NO_FILTER: AuditFilter = { order: "newest" } as AuditFilter;

/**
 * What a team may see, as two parts that each walk an index in id order: its own events, and
 * the team-less events (sign-ins) of its members, taken member by member (a LATERAL join over
 * the partial index on team-less rows), so a filter that matches little never scans the log.
 */
function visibleParts(
  db: Db,
  teamId: string,
  conditions: Array<SQL | undefined>,
  newest: boolean,
  limit: number,
): SQL[] {
  const order = newest ? desc(auditEvents.id) : asc(auditEvents.id);
  const perMember = db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(isNull(auditEvents.teamId), eq(auditEvents.actorId, sql`m.user_id`), ...conditions))
    .orderBy(order)
    .limit(limit);
  const memberEvents = sql`select e.id from ${memberships} m cross join lateral (${perMember}) e where m.team_id = ${teamId}
    order by e.id ${newest ? sql`desc` : sql`asc`} limit ${limit}`;
  return [and(eq(auditEvents.teamId, teamId), ...conditions)!, sql`${auditEvents.id} in (${memberEvents})`];
}

function filterConditions(filter: AuditFilter): Array<SQL | undefined> {
  return [
    filter.actor ? eq(auditEvents.actorEmail, filter.actor) : undefined,
    filter.action ? eq(auditEvents.action, filter.action) : undefined,
    filter.targetType ? eq(auditEvents.targetType, filter.targetType) : undefined,
    filter.targetId ? eq(auditEvents.targetId, filter.targetId) : undefined,
    filter.outcome ? eq(auditEvents.outcome, filter.outcome) : undefined,
    filter.from ? gte(auditEvents.at, filter.from) : undefined,
    filter.to ? lt(auditEvents.at, filter.to) : undefined,
  ];
}

/**
 * One page of a team's log, filtered, keyset-paginated on id (newest or oldest first), so a
 * deep page costs the same as the first and pages stay stable while new events arrive.
 */
export async function listAuditEvents(
  db: Db,
  teamId: string,
  opts: AuditPageOptions = {},
  filter: AuditFilter = NO_FILTER,
): Promise<AuditEventView[]> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 1000);
  const newest = filter.order !== "oldest";
  const cursor = newest
    ? opts.before
      ? lt(auditEvents.id, opts.before)
      : undefined
    : opts.after
      ? gt(auditEvents.id, opts.after)
      : undefined;
  const conditions = [...filterConditions(filter), cursor];
  const parts = await Promise.all(
    visibleParts(db, teamId, conditions, newest, limit).map((part) =>
      db
        .select()
        .from(auditEvents)
        .where(part)
        .orderBy(newest ? desc(auditEvents.id) : asc(auditEvents.id))
        .limit(limit),
    ),
  );
  // Each part is already in order and limited: merging them and cutting at `limit` is the page.
  const rows = parts
    .flat()
    .sort((a, b) => (newest ? b.id - a.id : a.id - b.id))
    .slice(0, limit);
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/** A limit that lets every row through, for the exact count of a stream's lag. */
const ALL_ROWS = 2_147_483_647;

/**
 * What an audit stream sends next: the events the team's audit log shows (its own and its
 * members' sign-ins) after `cursor`, oldest first. Ids commit in chain order, so a cursor never
 * passes an event still to come.
 */
export async function teamEventsAfter(
  db: Db,
  teamId: string,
  cursor: number,
  limit: number,
): Promise<Array<typeof auditEvents.$inferSelect>> {
  const parts = await Promise.all(
    visibleParts(db, teamId, [gt(auditEvents.id, cursor)], false, limit).map((part) =>
      db.select().from(auditEvents).where(part).orderBy(asc(auditEvents.id)).limit(limit),
    ),
  );
  return parts
    .flat()
    .sort((a, b) => a.id - b.id)
    .slice(0, limit);
}

/** How many of those events a stream has still to send (its lag), exactly. */
export async function countTeamEventsAfter(db: Db, teamId: string, cursor: number): Promise<number> {
  const parts = visibleParts(db, teamId, [gt(auditEvents.id, cursor)], false, ALL_ROWS);
  const counts = await Promise.all(
    parts.map(async (where) => (await db.select({ n: count() }).from(auditEvents).where(where))[0]?.n ?? 0),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/** The cursor that continues after `page` in the filter's order, or null when it was the last. */
export function nextCursor(
  page: AuditEventView[],
  limit: number,
  filter: AuditFilter,
): { before?: number; after?: number } | null {
  if (page.length < limit) return null;
  const id = page[page.length - 1]!.id;
  return filter.order === "oldest" ? { after: id } : { before: id };
}

/** How many events a team may see under `filter`, stopping at the cap like the keys' count. */
export async function countAuditEvents(db: Db, teamId: string, filter: AuditFilter): Promise<CappedCount> {
  // The two parts are disjoint (a team's own rows vs team-less rows), so their counts add up.
  const parts = visibleParts(db, teamId, filterConditions(filter), true, COUNT_CAP + 1);
  const [own, members] = await Promise.all(parts.map((where) => cappedCount(db, auditEvents, where)));
  const n = own!.count + members!.count;
  return { count: Math.min(n, COUNT_CAP), more: own!.more || members!.more || n > COUNT_CAP };
}

export interface AuditPage {
  events: AuditEventView[];
  total: CappedCount;
  /** Events before this page in the filter's order (0 on the first page). */
  start: number;
  next: Pick<AuditPosition, "before" | "after" | "at"> | null;
  prev: Pick<AuditPosition, "before" | "after" | "at"> | null;
}

/**
 * One page of the viewer with its total and links both ways. A cursor that runs with the order
 * (`before` when newest first) goes forward; the other one goes back, read in the opposite order
 * and turned round, so "Previous page" is as cheap as "Next page" on any page.
 */
export async function auditPage(
  db: Db,
  teamId: string,
  filter: AuditFilter,
  pos: { before?: number; after?: number; at: number; size: number },
): Promise<AuditPage> {
  const newest = filter.order !== "oldest";
  const forwardId = newest ? pos.before : pos.after;
  const backId = newest ? pos.after : pos.before;
  const backward = forwardId === undefined && backId !== undefined;
  const cursorOf = (id: number, forward: boolean, at: number) =>
    (newest === forward ? { before: id, at } : { after: id, at }) as AuditPage["next"];
  const limit = pos.size + 1;
  const read = backward
    ? listAuditEvents(db, teamId, newest ? { after: backId, limit } : { before: backId, limit }, {
        ...filter,
        order: newest ? "oldest" : "newest",
      })
    : listAuditEvents(db, teamId, newest ? { before: forwardId, limit } : { after: forwardId, limit }, filter);
  const [rows, total] = await Promise.all([read, countAuditEvents(db, teamId, filter)]);
  const more = rows.length > pos.size;
  const events = rows.slice(0, pos.size);
  if (backward) events.reverse();
  // Going back and reaching the first event means this is the first page, whatever `at` said.
  const start = (backward && !more) || (!backward && forwardId === undefined) ? 0 : pos.at;
  const first = events[0];
  const last = events.at(-1);
  const next = last && (backward || more) ? cursorOf(last.id, true, start + events.length) : null;
  const prev =
    first && (backward ? more : forwardId !== undefined)
      ? cursorOf(first.id, false, Math.max(0, start - pos.size))
      : null;
  return { events, total, start, next, prev };
}

/** Every matching event, in batches of `batch` rows, for exports that must not hold the table in memory. */
export async function* eachAuditEvent(
  db: Db,
  teamId: string,
  filter: AuditFilter,
  batch = 1000,
): AsyncGenerator<AuditEventView> {
  let cursor: { before?: number; after?: number } = {};
  for (;;) {
    const page = await listAuditEvents(db, teamId, { ...cursor, limit: batch }, filter);
    for (const e of page) yield e;
    const next = nextCursor(page, batch, filter);
    if (!next) return;
    cursor = next;
  }
}
