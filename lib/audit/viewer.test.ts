import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { memberships, teams, users } from "@/lib/db/schema";
import { recordAuditAlone, type AuditEventInput } from "./record";
import {
  auditPage,
  countAuditEvents,
  eachAuditEvent,
  listAuditEvents,
  nextCursor,
  type AuditEventView,
} from "./queries";
import { auditFilterSchema, auditPositionSchema, parseAuditFilter, type AuditFilter } from "./filter";
import { auditExportStream, csvHeader, csvRow } from "./export";

// The audit viewer's filters, keyset pages in both orders, and exports of the filtered view, on every engine.

const filter = (over: Record<string, string> = {}): AuditFilter => auditFilterSchema.parse(over);

describe.each(databaseEngines())("audit viewer on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let teamId: string;
  let otherTeamId: string;
  let ann: { id: string; email: string };
  let bob: { id: string; email: string };
  const times: Date[] = [];

  /** Every page of a filtered view, following the cursors as the page's links do. */
  async function allPages(f: AuditFilter, limit: number): Promise<AuditEventView[][]> {
    const pages: AuditEventView[][] = [];
    let cursor: { before?: number; after?: number } = {};
    for (;;) {
      const page = await listAuditEvents(db, teamId, { ...cursor, limit }, f);
      if (page.length) pages.push(page);
      const next = nextCursor(page, limit, f);
      if (!next) return pages;
      cursor = next;
    }
  }

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const [a, b] = await db
      .insert(teams)
      .values([{ name: "Viewer A" }, { name: "Viewer B" }])
      .returning();
    teamId = a!.id;
    otherTeamId = b!.id;
    const [u1, u2] = await db
      .insert(users)
      .values([
        { email: "ann@example.com", name: "Ann" },
        { email: "bob@example.com", name: "Bob" },
      ])
      .returning();
    ann = { id: u1!.id, email: u1!.email };
    bob = { id: u2!.id, email: u2!.email };
    await db.insert(memberships).values([
      { teamId, userId: ann.id, role: "admin" },
      { teamId, userId: bob.id, role: "auditor" },
    ]);
    // 30 events in team A alternating actors, actions and outcomes; 5 in team B that A must never see.
    for (let n = 1; n <= 30; n++) {
      const input: AuditEventInput = {
        teamId,
        actor: n % 2 ? ann : bob,
        action: n % 3 === 0 ? "connection.test" : "key.issue",
        target: { type: n % 5 === 0 ? "connection" : "key", id: `t-${n % 4}` },
        outcome: n % 7 === 0 ? "failure" : "success",
        detail: { n },
      };
      await recordAuditAlone(db, input);
    }
    for (let n = 31; n <= 35; n++)
      await recordAuditAlone(db, {
        teamId: otherTeamId,
        actor: ann,
        action: "key.issue",
        outcome: "success",
        detail: { n },
      });
    const rows = await db.execute<{ at: string }>(sql`select at from audit_events order by id`);
    times.push(...(rows as unknown as { rows: Array<{ at: string | Date }> }).rows.map((r) => new Date(r.at)));
  });
  afterAll(() => handle?.close());

  const ns = (events: AuditEventView[]) => events.map((e) => Number(e.detail.n));
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it.each([
    ["actor", { actor: "ANN@example.com" }, (n: number) => n % 2 === 1],
    ["action", { action: "connection.test" }, (n: number) => n % 3 === 0],
    ["target type", { targetType: "connection" }, (n: number) => n % 5 === 0],
    ["target type and id", { targetType: "key", targetId: "t-1" }, (n: number) => n % 5 !== 0 && n % 4 === 1],
    ["outcome", { outcome: "failure" }, (n: number) => n % 7 === 0],
    [
      "actor, action and outcome together",
      { actor: "bob@example.com", action: "key.issue", outcome: "success" },
      (n: number) => n % 2 === 0 && n % 3 !== 0 && n % 7 !== 0,
    ],
  ] as const)("filters by %s, newest first, only within the team", async (_what, over, keep) => {
    const page = await listAuditEvents(db, teamId, { limit: 100 }, filter(over));
    expect(ns(page)).toEqual(range(1, 30).filter(keep).reverse());
  });

  it("filters by a time range: from inclusive, to exclusive", async () => {
    const from = times[9]!; // event 10
    const to = times[19]!; // event 20, excluded
    const page = await listAuditEvents(
      db,
      teamId,
      { limit: 100 },
      filter({ from: from.toISOString(), to: to.toISOString() }),
    );
    // Events recorded within one millisecond share a time; the range still holds every event in it.
    const expected = range(1, 30).filter((n) => times[n - 1]! >= from && times[n - 1]! < to);
    expect(ns(page)).toEqual(expected.reverse());
    expect(ns(page)).toContain(10);
    expect(ns(page)).not.toContain(20);
  });

  it("pages a filtered view by keyset, newest first and oldest first, without gaps or repeats", async () => {
    const f = filter({ action: "key.issue" });
    const expected = range(1, 30).filter((n) => n % 3 !== 0);
    const newest = await allPages(f, 4);
    expect(newest.map((p) => p.length)).toEqual([4, 4, 4, 4, 4]);
    expect(newest.flatMap(ns)).toEqual([...expected].reverse());
    const oldest = await allPages(filter({ action: "key.issue", order: "oldest" }), 6);
    expect(oldest.flatMap(ns)).toEqual(expected);
  });

  it("keeps a page stable when newer events arrive while the user pages", async () => {
    const f = filter({ actor: "ann@example.com" });
    const first = await listAuditEvents(db, teamId, { limit: 5 }, f);
    await recordAuditAlone(db, { teamId, actor: ann, action: "key.issue", outcome: "success", detail: { n: 99 } });
    const second = await listAuditEvents(db, teamId, { ...nextCursor(first, 5, f), limit: 5 }, f);
    expect(ns(second)).toEqual([19, 17, 15, 13, 11]);
  });

  it("exports the filtered view in batches, as CSV and as JSON Lines, with nothing of the other team", async () => {
    const f = parseAuditFilter(new URLSearchParams({ outcome: "success", order: "oldest", format: "csv" }));
    const all: AuditEventView[] = [];
    for await (const e of eachAuditEvent(db, teamId, f, 3)) all.push(e);
    expect(ns(all)).toEqual([...range(1, 30).filter((n) => n % 7 !== 0), 99]);

    const csv = await new Response(await auditExportStream(eachAuditEvent(db, teamId, f, 3), "csv")).text();
    expect(csv).toBe(csvHeader() + all.map(csvRow).join(""));
    expect(csv.trimEnd().split("\r\n")).toHaveLength(all.length + 1);

    const jsonl = await new Response(await auditExportStream(eachAuditEvent(db, teamId, f, 3), "jsonl")).text();
    expect(
      jsonl
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l) as AuditEventView),
    ).toEqual(all);
    for (const n of [31, 32, 33, 34, 35]) expect(jsonl).not.toContain(`{"n":${n}}`);
  });

  it("refuses filters it cannot read", () => {
    expect(() => parseAuditFilter(new URLSearchParams({ from: "yesterday-ish" }))).toThrow();
    expect(() => parseAuditFilter(new URLSearchParams({ outcome: "maybe" }))).toThrow();
  });

  it("pages with a total, a position and links back and forth, in both orders", async () => {
    // connection.test is every third event: 30, 27, … 3 newest first (no later test adds one).
    const f = filter({ action: "connection.test" });
    const p1 = await auditPage(db, teamId, f, { at: 0, size: 4 });
    expect(ns(p1.events)).toEqual([30, 27, 24, 21]);
    expect(p1).toMatchObject({ total: { count: 10, more: false }, start: 0, prev: null });
    const p2 = await auditPage(db, teamId, f, { ...p1.next!, size: 4 });
    expect(ns(p2.events)).toEqual([18, 15, 12, 9]);
    expect(p2.start).toBe(4);
    const p3 = await auditPage(db, teamId, f, { ...p2.next!, size: 4 });
    expect(ns(p3.events)).toEqual([6, 3]);
    expect(p3).toMatchObject({ start: 8, next: null });
    // Previous page reads backwards from the page's first event and lands on the same rows.
    const back2 = await auditPage(db, teamId, f, { ...p3.prev!, size: 4 });
    expect(ns(back2.events)).toEqual([18, 15, 12, 9]);
    expect(back2.start).toBe(4);
    const back1 = await auditPage(db, teamId, f, { ...back2.prev!, size: 4 });
    expect(ns(back1.events)).toEqual([30, 27, 24, 21]);
    expect(back1).toMatchObject({ start: 0, prev: null });
    expect(back1.next).not.toBeNull();

    const old = filter({ action: "connection.test", order: "oldest" });
    const o1 = await auditPage(db, teamId, old, { at: 0, size: 4 });
    expect(ns(o1.events)).toEqual([3, 6, 9, 12]);
    const o2 = await auditPage(db, teamId, old, { ...o1.next!, size: 4 });
    expect(ns(o2.events)).toEqual([15, 18, 21, 24]);
    const o1again = await auditPage(db, teamId, old, { ...o2.prev!, size: 4 });
    expect(ns(o1again.events)).toEqual([3, 6, 9, 12]);
    expect(o1again.prev).toBeNull();
  });

  it("counts the members' team-less sign-ins with the team's events, and no one else's", async () => {
    const stranger = (await db.insert(users).values({ email: "eve@example.com", name: "Eve" }).returning())[0]!;
    await recordAuditAlone(db, { actor: bob, action: "auth.login", outcome: "success", detail: { n: 100 } });
    await recordAuditAlone(db, {
      actor: { id: stranger.id, email: stranger.email },
      action: "auth.login",
      outcome: "success",
      detail: { n: 101 },
    });
    expect(await countAuditEvents(db, teamId, filter({ action: "auth.login" }))).toEqual({ count: 1, more: false });
    expect(await countAuditEvents(db, teamId, filter({ actor: "bob@example.com" }))).toEqual({
      count: 16,
      more: false,
    });
  });

  it("reads the page size and position from the link, refusing sizes it does not offer", () => {
    expect(auditPositionSchema.parse({})).toEqual({ size: 50, at: 0 });
    expect(auditPositionSchema.parse({ size: "25", before: "40", at: "50" })).toEqual({ size: 25, before: 40, at: 50 });
    expect(auditPositionSchema.safeParse({ size: "7" }).success).toBe(false);
    expect(auditPositionSchema.safeParse({ at: "-1" }).success).toBe(false);
  });
});
