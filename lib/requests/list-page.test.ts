import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { connections, keyRequests, memberships, notifications, teams, users } from "@/lib/db/schema";
import { parsePageQuery, readPageQuery } from "@/lib/pagination/page-query";
import { AUTO_APPROVAL } from "./auto-approval";
import { decisionsWaitingCount, requesterNoticeCount } from "./badges";
import { listRequestPage, parseRequestListView, requestViewCounts } from "./list-page";
import { listNotificationPage } from "./queries";
import { DECIDER_NOTICE_LINK } from "./notify";

// Requests, approvals and notices a page at a time, and the navigation's badges, on every engine.

const BASE = new Date("2026-05-01T00:00:00Z").getTime();

describe.each(databaseEngines())("request lists and badges on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let teamId: string;
  let adminId: string;
  let otherAdminId: string;
  let memberId: string;
  let autoIds: string[];

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const [team, noise] = await db
      .insert(teams)
      .values([{ name: "Ops" }, { name: "Noise" }])
      .returning();
    teamId = team!.id;
    const [a, b, m] = await db
      .insert(users)
      .values([
        { email: "admin@example.com", name: "Admin" },
        { email: "second@example.com", name: "Second" },
        { email: "member@example.com", name: "Member" },
      ])
      .returning();
    adminId = a!.id;
    otherAdminId = b!.id;
    memberId = m!.id;
    await db.insert(memberships).values([
      { teamId, userId: adminId, role: "admin" },
      { teamId, userId: otherAdminId, role: "admin" },
      { teamId, userId: memberId, role: "member" },
    ]);
    const conn = (t: string) => ({
      teamId: t,
      vendor: "panos",
      name: "Firewall",
      baseUrl: "https://127.0.0.1:1",
      tlsMode: "system" as const,
      settings: {},
      sealedSecrets: "sealed",
    });
    const [c, n] = await db
      .insert(connections)
      .values([conn(teamId), conn(noise!.id)])
      .returning();
    let t = 0;
    const request = (over: Partial<typeof keyRequests.$inferInsert>) => ({
      teamId,
      connectionId: c!.id,
      requesterId: adminId,
      name: `key-${t}`,
      scope: ["api-readonly"],
      fields: {},
      reason: "Reporting",
      status: "pending" as const,
      createdAt: new Date(BASE + t++ * 60_000),
      ...over,
    });
    // 60 one-step issues of the admin's, auto-approved by the policy.
    const auto = await db
      .insert(keyRequests)
      .values(
        Array.from({ length: 60 }, () =>
          request({ status: "issued", decidedBy: adminId, decidedAt: new Date(BASE), decisionReason: AUTO_APPROVAL }),
        ),
      )
      .returning({ id: keyRequests.id, createdAt: keyRequests.createdAt });
    autoIds = auto.sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime()).map((r) => r.id);
    await db.insert(keyRequests).values([
      // Three of the member's wait; one denied and one approved by a person; one withdrawn.
      request({ requesterId: memberId }),
      request({ requesterId: memberId }),
      request({ requesterId: memberId }),
      request({ requesterId: memberId, status: "denied", decidedBy: adminId, decisionReason: "Not for this box" }),
      request({ requesterId: memberId, status: "issued", decidedBy: otherAdminId, decisionReason: null }),
      request({ requesterId: memberId, status: "cancelled", decidedAt: new Date(BASE) }),
      // The admin's own request under a grant that needs approval: not theirs to decide.
      request({}),
      // Another team's pending request never counts.
      request({ teamId: noise!.id, connectionId: n!.id }),
    ]);
    await db.insert(notifications).values([
      // Deciders' notices about the member's requests: some long since decided, all still unread.
      ...Array.from({ length: 6 }, () => ({
        userId: adminId,
        teamId,
        message: "member asks",
        link: DECIDER_NOTICE_LINK,
      })),
      { userId: adminId, teamId, message: "Your request was approved.", link: "/requests#x" },
      { userId: adminId, teamId, message: "Seen already.", link: "/requests#y", readAt: new Date(BASE) },
      { userId: adminId, teamId: noise!.id, message: "Elsewhere.", link: "/requests#z" },
      { userId: memberId, teamId, message: "Denied.", link: "/requests#d" },
      { userId: memberId, teamId, message: "Approved.", link: "/requests#a" },
    ]);
  }, 60_000);
  afterAll(() => handle?.close(), 60_000);

  it("pages the auto-approved requests apart, newest first, with the total and exact page boundaries", async () => {
    const pages = [];
    for (let page = 1; page <= 3; page++)
      pages.push(await listRequestPage(db, teamId, { view: "auto" }, { page, size: 25 }));
    expect(pages.map((p) => p.total)).toEqual([60, 60, 60]);
    expect(pages.map((p) => p.rows.length)).toEqual([25, 25, 10]);
    expect(pages.flatMap((p) => p.rows.map((r) => r.id))).toEqual(autoIds);
    expect((await listRequestPage(db, teamId, { view: "auto" }, { page: 4, size: 25 })).rows).toEqual([]);
  });

  it("keeps real decisions off the auto-approved pile: waiting and decided-by-people each their own list", async () => {
    const waiting = await listRequestPage(db, teamId, { view: "waiting" }, { page: 1, size: 25 });
    expect(waiting.total).toBe(4);
    expect(waiting.rows.every((r) => r.status === "pending")).toBe(true);
    const decided = await listRequestPage(db, teamId, { view: "decided" }, { page: 1, size: 25 });
    expect(decided.rows.map((r) => r.status).sort()).toEqual(["cancelled", "denied", "issued"]);
    expect(await requestViewCounts(db, teamId)).toEqual({ waiting: 4, decided: 3, auto: 60 });
    const all = await listRequestPage(db, teamId, {}, { page: 1, size: 100 });
    expect(all.total).toBe(67);
  });

  it("pages one requester's own requests", async () => {
    const mine = await listRequestPage(db, teamId, { requesterId: memberId }, { page: 1, size: 25 });
    expect(mine.total).toBe(6);
    expect(mine.rows.every((r) => r.requesterId === memberId)).toBe(true);
    const admins = await listRequestPage(db, teamId, { requesterId: adminId }, { page: 3, size: 25 });
    expect(admins.total).toBe(61);
    expect(admins.rows).toHaveLength(11);
  });

  it("counts on the Approvals badge only what this admin may decide now: not their own, unless self-approval is on", async () => {
    expect(await decisionsWaitingCount(db, teamId, adminId)).toBe(3);
    expect(await decisionsWaitingCount(db, teamId, otherAdminId)).toBe(4);
    await db.update(teams).set({ selfApproval: true }).where(eq(teams.id, teamId));
    try {
      expect(await decisionsWaitingCount(db, teamId, adminId)).toBe(4);
    } finally {
      await db.update(teams).set({ selfApproval: false }).where(eq(teams.id, teamId));
    }
  });

  it("counts on the Requests badge only unread notices about the person's own requests, not deciders' notices", async () => {
    expect(await requesterNoticeCount(db, adminId, teamId)).toBe(1);
    expect(await requesterNoticeCount(db, memberId, teamId)).toBe(2);
    const mine = await listNotificationPage(db, adminId, teamId, { page: 1, size: 25 }, { mine: true, unread: true });
    expect(mine.rows.map((n) => n.message)).toEqual(["Your request was approved."]);
    // The API's list is every notice of the team's, read or not, a page at a time.
    const all = await listNotificationPage(db, adminId, teamId, { page: 1, size: 25 });
    expect(all.total).toBe(8);
  });

  it("takes only the offered page sizes and sane page numbers; a page falls back to the first page", () => {
    expect(parsePageQuery(new URLSearchParams())).toEqual({ page: 1, size: 25 });
    expect(parsePageQuery(new URLSearchParams("page=3&size=100"))).toEqual({ page: 3, size: 100 });
    for (const bad of ["size=30", "size=1000", "page=0", "page=-1", "page=1.5", "page=abc", "page=10001"])
      expect(() => parsePageQuery(new URLSearchParams(bad)), bad).toThrow();
    expect(readPageQuery({ size: "7" })).toMatchObject({ query: { page: 1, size: 25 }, problem: expect.any(String) });
    expect(parseRequestListView("auto")).toBe("auto");
    expect(parseRequestListView(null)).toBe("all");
    expect(() => parseRequestListView("mine")).toThrow();
  });
});
