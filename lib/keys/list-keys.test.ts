import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, rowsOf, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { connections, keys, teams, users, keyRequests } from "@/lib/db/schema";
import { listKeyPage, type KeyViewer } from "./list-keys";
import { encodeCursor, parseKeyListQuery, type KeyListQuery } from "./list-query";
import { csvCell, csvHeader, keysCsvStream } from "./export-csv";
import { keysDashboard, pendingRequestCount } from "./dashboard";
import { rejection } from "@/test/support/rejection";

// The inventory query on both engines: every sort walked page by page must equal one ORDER BY.

const NOW = new Date("2026-06-01T12:00:00Z");
const day = 86_400_000;
const q = (params: Record<string, string> = {}): KeyListQuery => parseKeyListQuery(params);

async function walk(
  db: Db,
  teamId: string,
  viewer: KeyViewer,
  params: Record<string, string>,
): Promise<{ ids: string[]; pages: string[][] }> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await listKeyPage(db, teamId, viewer, q({ ...params, ...(cursor ? { cursor } : {}) }), NOW);
    pages.push(page.keys.map((k) => k.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { ids: pages.flat(), pages };
}

describe.each(databaseEngines())("keys inventory on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let teamId: string;
  let admin: KeyViewer;
  let member: KeyViewer;
  let panosId: string;
  let rancherId: string;

  const ordered = async (orderBy: string, where = "true"): Promise<string[]> =>
    rowsOf<{ id: string }>(
      await db.execute(sql.raw(`select id from keys where team_id = '${teamId}' and ${where} order by ${orderBy}`)),
    ).map((r) => r.id);

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const [team, other] = await db
      .insert(teams)
      .values([{ name: "Ops" }, { name: "Noise" }])
      .returning();
    teamId = team!.id;
    const [a, m] = await db
      .insert(users)
      .values([
        { email: "admin@example.com", name: "Admin" },
        { email: "member@example.com", name: "Member" },
      ])
      .returning();
    admin = { userId: a!.id, seesAll: true };
    member = { userId: m!.id, seesAll: false };
    const conn = (t: string, vendor: string, name: string) => ({
      teamId: t,
      vendor,
      name,
      baseUrl: "https://127.0.0.1:1",
      tlsMode: "system" as const,
      settings: {},
      sealedSecrets: "sealed",
    });
    const [p, r, noise] = await db
      .insert(connections)
      .values([
        conn(teamId, "panos", "Firewall"),
        conn(teamId, "rancher", "Cluster"),
        conn(other!.id, "panos", "Elsewhere"),
      ])
      .returning();
    panosId = p!.id;
    rancherId = r!.id;
    const base = new Date("2026-05-01T00:00:00Z").getTime();
    const statuses = ["active", "active", "active", "inactive", "revoked", "drifted", "expired"] as const;
    const rows = Array.from({ length: 57 }, (_, i) => ({
      teamId,
      connectionId: i % 3 === 0 ? rancherId : panosId,
      vendor: i % 3 === 0 ? "rancher" : "panos",
      name:
        i === 5 ? '=HYPERLINK("x")' : i === 6 ? "50%_off" : `${i % 2 ? "CI" : "deploy"}-${String(i).padStart(2, "0")}`,
      vendorKeyId: `vk-${i}`,
      scope: ["superuser"],
      status: statuses[i % statuses.length]!,
      fingerprint: `fp${i}`.padEnd(64, "0"),
      lastFour: String(1000 + i).slice(-4),
      meta: {},
      issuedBy: i % 4 === 0 ? m!.id : a!.id,
      approvedBy: i % 5 === 0 ? a!.id : null,
      // Ties on purpose: groups of three share an issue time, so the id must break them.
      issuedAt: new Date(base + Math.floor(i / 3) * 3_600_000),
      // Some never expire, some expired while still marked active, some expire within a week.
      expiresAt: i % 6 === 0 ? null : new Date(NOW.getTime() + ((i % 11) - 3) * day + (i % 7) * 60_000),
    }));
    await db.insert(keys).values(rows);
    await db
      .insert(keys)
      .values({ ...rows[1]!, teamId: other!.id, connectionId: noise!.id, vendorKeyId: "noise", name: "CI-noise" });
    // Microseconds a JavaScript Date cannot hold: cursors must carry the database's own value.
    await db.execute(sql`update keys set issued_at = issued_at + interval '123 microseconds' where name like 'CI-1%'`);
  });
  afterAll(() => handle?.close());

  for (const [sort, dir, orderBy] of [
    ["issued", "desc", "issued_at desc, id desc"],
    ["issued", "asc", "issued_at asc, id asc"],
    ["expires", "asc", "coalesce(expires_at, 'infinity'::timestamptz) asc, id asc"],
    ["expires", "desc", "coalesce(expires_at, 'infinity'::timestamptz) desc, id desc"],
    ["name", "asc", `lower(name) collate "C" asc, id asc`],
    ["name", "desc", `lower(name) collate "C" desc, id desc`],
  ] as const) {
    it(`walks sort=${sort} ${dir} page by page with no duplicates or gaps, and back again`, async () => {
      const { ids, pages } = await walk(db, teamId, admin, { sort, dir, limit: "7" });
      expect(ids).toEqual(await ordered(orderBy));
      expect(pages.length).toBe(Math.ceil(57 / 7));
      // Previous from the last page retraces the same pages.
      let cursor: string | undefined;
      const forward: Array<string | null> = [];
      for (let i = 0; i < pages.length; i++) {
        const page = await listKeyPage(
          db,
          teamId,
          admin,
          q({ sort, dir, limit: "7", ...(cursor ? { cursor } : {}) }),
          NOW,
        );
        forward.push(page.prevCursor);
        cursor = page.nextCursor ?? undefined;
      }
      expect(forward[0]).toBeNull();
      const back = await listKeyPage(db, teamId, admin, q({ sort, dir, limit: "7", cursor: forward.at(-1)! }), NOW);
      expect(back.keys.map((k) => k.id)).toEqual(pages.at(-2));
      expect(back.nextCursor).not.toBeNull();
    });
  }

  it("counts what the filter selects and says where each page starts, forward and back", async () => {
    // 57 keys, 25 a page: 1–25, 26–50, 51–57, and back again.
    const starts: number[] = [];
    let page = await listKeyPage(db, teamId, admin, q({ limit: "25" }), NOW);
    for (;;) {
      expect(page.total).toEqual({ count: 57, more: false });
      starts.push(page.start);
      if (!page.nextCursor) break;
      page = await listKeyPage(db, teamId, admin, q({ limit: "25", cursor: page.nextCursor }), NOW);
    }
    expect(starts).toEqual([0, 25, 50]);
    expect(page.keys).toHaveLength(7);
    const back = await listKeyPage(db, teamId, admin, q({ limit: "25", cursor: page.prevCursor! }), NOW);
    expect(back.start).toBe(25);
    const first = await listKeyPage(db, teamId, admin, q({ limit: "25", cursor: back.prevCursor! }), NOW);
    expect(first.start).toBe(0);
    expect(first.prevCursor).toBeNull();
    // Filtered, and seen by a member: the count follows the filter and the viewer.
    const rancher = await listKeyPage(db, teamId, admin, q({ vendor: "rancher" }), NOW);
    expect(rancher.total.count).toBe((await ordered("id", `vendor = 'rancher'`)).length);
    const own = await listKeyPage(db, teamId, member, q({}), NOW);
    expect(own.total.count).toBe((await ordered("id", `issued_by = '${member.userId}'`)).length);
  });

  it("derives expired for active keys past their expiry, and filters on the derived status", async () => {
    const page = await listKeyPage(db, teamId, admin, q({ limit: "100" }), NOW);
    for (const k of page.keys) {
      if (k.expiresAt && new Date(k.expiresAt) <= NOW && ["active", "expired"].includes(k.status))
        expect(k.status).toBe("expired");
    }
    const expired = (await walk(db, teamId, admin, { status: "expired" })).ids;
    expect(expired).toEqual(
      await ordered(
        "issued_at desc, id desc",
        `(status = 'expired' or (status = 'active' and expires_at <= '${NOW.toISOString()}'))`,
      ),
    );
    expect(expired.length).toBeGreaterThan(0);
    const active = await listKeyPage(db, teamId, admin, q({ status: "active", limit: "100" }), NOW);
    expect(active.keys.every((k) => k.status === "active" && (!k.expiresAt || new Date(k.expiresAt) > NOW))).toBe(true);
    expect(active.keys.length).toBe(
      (await ordered("id", `status = 'active' and (expires_at is null or expires_at > '${NOW.toISOString()}')`)).length,
    );
  });

  it("filters by vendor, connection, owner, expiry window and name prefix", async () => {
    const ids = async (params: Record<string, string>) => (await walk(db, teamId, admin, params)).ids.sort();
    const sorted = async (where: string) => (await ordered("id", where)).sort();
    expect(await ids({ vendor: "rancher" })).toEqual(await sorted(`vendor = 'rancher'`));
    expect(await ids({ connectionId: panosId })).toEqual(await sorted(`connection_id = '${panosId}'`));
    expect(await ids({ ownerId: member.userId, vendor: "panos" })).toEqual(
      await sorted(`issued_by = '${member.userId}' and vendor = 'panos'`),
    );
    const inWeek = `status = 'active' and expires_at > '${NOW.toISOString()}' and expires_at <= '${new Date(NOW.getTime() + 7 * day).toISOString()}'`;
    expect(await ids({ expiringWithinDays: "7" })).toEqual(await sorted(inWeek));
    expect((await ids({ expiringWithinDays: "7" })).length).toBeGreaterThan(0);
    expect(await ids({ q: "ci-1" })).toEqual(await sorted(`lower(name) like 'ci-1%'`));
    expect(await ids({ q: "CI-1" })).toEqual(await sorted(`lower(name) like 'ci-1%'`));
    // LIKE's wildcards in a search are plain characters.
    expect(await ids({ q: "50%_" })).toHaveLength(1);
    expect(await ids({ q: "5_" })).toHaveLength(0);
    expect(await ids({ q: "zzz" })).toEqual([]);
  });

  it("shows a member only their own keys, whatever owner they ask for", async () => {
    const own = (await walk(db, teamId, member, {})).ids.sort();
    expect(own).toEqual((await ordered("id", `issued_by = '${member.userId}'`)).sort());
    expect((await walk(db, teamId, member, { ownerId: admin.userId })).ids).toEqual([]);
  });

  it("never shows another team's keys", async () => {
    const all = await walk(db, teamId, admin, { q: "ci-noise" });
    expect(all.ids).toEqual([]);
  });

  it("answers a forged, garbled or other-sort cursor with a 400 that says what to do", async () => {
    const bad = await rejection(listKeyPage(db, teamId, admin, q({ cursor: "not-a-cursor!" }), NOW));
    expect(bad.status).toBe(400);
    expect(bad.message).toMatch(/first page/);
    expect(
      (await rejection(listKeyPage(db, teamId, admin, q({ cursor: Buffer.from("{}").toString("base64url") }), NOW)))
        .status,
    ).toBe(400);
    const nameCursor = encodeCursor({ s: "name", d: "asc", v: "ci", id: randomUUID() });
    expect((await rejection(listKeyPage(db, teamId, admin, q({ cursor: nameCursor }), NOW))).message).toMatch(
      /another sort/,
    );
    const injected = encodeCursor({ s: "issued", d: "desc", v: "'); drop table keys; --", id: randomUUID() });
    await expect(listKeyPage(db, teamId, admin, q({ cursor: injected }), NOW)).rejects.toThrow();
    expect(await db.$count(keys)).toBe(58);
  });

  it("rejects a page size above 100", () => {
    expect(() => q({ limit: "101" })).toThrow();
  });

  it("counts the dashboard's numbers for the team, or for a member their own", async () => {
    const count = async (where: string) => (await ordered("id", where)).length;
    const window = (days: number) =>
      `status = 'active' and expires_at > '${NOW.toISOString()}' and expires_at <= '${new Date(NOW.getTime() + days * day).toISOString()}'`;
    const all = await keysDashboard(db, teamId, admin, NOW);
    expect(all.expiringIn7Days).toEqual({ count: await count(window(7)), more: false });
    expect(all.expiringIn30Days.count).toBe(await count(window(30)));
    expect(all.perVendor).toEqual([
      { vendor: "panos", count: await count(`vendor = 'panos'`), more: false },
      { vendor: "rancher", count: await count(`vendor = 'rancher'`), more: false },
    ]);
    const own = await keysDashboard(db, teamId, member, NOW);
    expect(own.expiringIn30Days.count).toBe(await count(`${window(30)} and issued_by = '${member.userId}'`));
    expect(own.perVendor.reduce((n, v) => n + v.count, 0)).toBe(await count(`issued_by = '${member.userId}'`));

    const request = (requesterId: string, status: "pending" | "denied") => ({
      teamId,
      connectionId: panosId,
      requesterId,
      name: "r",
      scope: [],
      fields: {},
      reason: "why",
      status,
    });
    await db
      .insert(keyRequests)
      .values([request(member.userId, "pending"), request(admin.userId, "pending"), request(member.userId, "denied")]);
    expect(await pendingRequestCount(db, teamId, null)).toBe(2);
    expect(await pendingRequestCount(db, teamId, member.userId)).toBe(1);
  });

  it("exports the filtered view as CSV in batches, every row once", async () => {
    const reader = (await keysCsvStream(db, teamId, admin, q({ vendor: "panos" }))).getReader();
    let text = "";
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(csvHeader().trimEnd());
    expect(lines.length - 1).toBe((await ordered("id", `vendor = 'panos'`)).length);
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it("exports when a key was last used, where the vendor reported it", async () => {
    const [oneId] = await ordered("id", `vendor = 'panos'`);
    const usedAt = new Date("2026-11-30T08:00:00.000Z");
    await db
      .update(keys)
      .set({ lastUsedAt: usedAt })
      .where(sql`${keys.id} = ${oneId}`);
    try {
      const reader = (await keysCsvStream(db, teamId, admin, q({ vendor: "panos" }))).getReader();
      let text = "";
      for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
      const [header, ...rows] = text.trimEnd().split("\r\n");
      expect(header!.split(",").at(-1)).toBe("last_used_at");
      expect(
        rows
          .find((row) => row.startsWith(oneId!))!
          .split(",")
          .at(-1),
      ).toBe(usedAt.toISOString());
      expect(rows.filter((row) => row.endsWith(",")).length).toBe(rows.length - 1);
    } finally {
      await db
        .update(keys)
        .set({ lastUsedAt: null })
        .where(sql`${keys.id} = ${oneId}`);
    }
  });
});

describe("CSV cells", () => {
  it("quotes separators and quotes, and defuses spreadsheet formulas", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    for (const lead of ["=", "+", "-", "@", "\t", "\r"]) expect(csvCell(`${lead}cmd`).replace(/^"/, "")).toMatch(/^'/);
    expect(csvCell("=1+1")).toBe("'=1+1");
  });
});
