import { and, desc, eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRowsAsText, databaseEngines, type TestDatabase } from "@/test/support/databases";
import { testTls } from "@/test/support/tls";
import type { Db } from "@/lib/db/client";
import { auditEvents, keyRequests, keys, memberships, notifications, teams, users } from "@/lib/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { type AppError } from "@/lib/errors";
import { replaceGrants, listGrants } from "@/lib/policies/grants";
import { demoGrants } from "@/lib/demo/demo-grants";
import { adapterFor } from "@/lib/vendors/registry";
import { startPanosEmulator, type PanosEmulator } from "@/emulators/panos/emulator";

import { createRequest } from "./file";
import { approveRequest, cancelRequest, denyRequest } from "@/lib/requests/decide";
import { issueFromRequest } from "./issue";
import { getRequestView, listRequests, readRequest } from "@/lib/requests/queries";
import { can, type Permission } from "@/lib/auth/permissions";
import { GET as getOneRequest } from "@/app/api/requests/[id]/route";
import { GET as listRequestsRoute } from "@/app/api/requests/route";
import { lapseDueRequests } from "@/lib/requests/lapse";
import { lapseJob } from "@/lib/requests/lapse-job";
import { ManualClock } from "@/lib/jobs/clock";
import { JobRunner } from "@/lib/jobs/runner";
import { readJob } from "@/lib/jobs/store";
import type { RequestBody } from "@/lib/requests/request-input";
import { rejection } from "@/test/support/rejection";

// The request flow end to end on every engine, against the PAN-OS emulator over real HTTPS.

let emulator: PanosEmulator;
let caPem: string;

beforeAll(async () => {
  const tls = await testTls();
  caPem = tls.caPem;
  emulator = await startPanosEmulator({ tls: { certPem: tls.certPem, keyPem: tls.keyPem } });
});
afterAll(() => emulator?.close());

describe.each(databaseEngines())("key requests on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let admin: Actor;
  let member: Actor;
  let auditor: Actor;
  let otherAdmin: Actor;
  let connectionId: string;

  const demoPolicy = () => demoGrants(adapterFor("panos")!.capabilities, ["api-readonly"]);
  const body = (over: Partial<RequestBody> = {}): RequestBody => ({
    connectionId,
    name: "reporting job",
    // The demo's member grant names the api-readonly profile and requires an expiry.
    scope: ["api-readonly"],
    expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    fields: {},
    reason: "Weekly traffic report",
    ...over,
  });
  /** What a refused call may not change. */
  const footprint = async () => ({
    requests: await db.select().from(keyRequests).orderBy(keyRequests.id),
    keys: await db.$count(keys),
    events: await db.$count(auditEvents),
    notices: await db.$count(notifications),
  });
  const lastEvent = async () => (await db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1))[0]!;

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const seeded = await seedDemo(db, {
      adminEmail: "admin@example.com",
      adminPassword: "Seed-Admin-1",
      memberEmail: "member@example.com",
      memberPassword: "Seed-Member-1",
      auditorEmail: "auditor@example.com",
      auditorPassword: "Seed-Auditor-1",
      demoCaPem: caPem,
      emulators: [{ vendor: "panos", emulator }],
    });
    expect(seeded.createdDemoUsers).toBe(true);
    const actor = async (email: string, role: Actor["team"]["role"]): Promise<Actor> => {
      const [u] = await db.select().from(users).where(eq(users.email, email));
      return { user: { id: u!.id, email }, team: { id: seeded.teamId, role } };
    };
    admin = await actor("admin@example.com", "admin");
    member = await actor("member@example.com", "member");
    auditor = await actor("auditor@example.com", "auditor");
    const [second] = await db.insert(users).values({ email: "second@example.com", name: "Second admin" }).returning();
    await db.insert(memberships).values({ teamId: seeded.teamId, userId: second!.id, role: "admin" });
    otherAdmin = { user: { id: second!.id, email: "second@example.com" }, team: { id: seeded.teamId, role: "admin" } };
    connectionId = (await db.query.connections.findFirst({ where: (c, { eq: is }) => is(c.teamId, seeded.teamId) }))!
      .id;
    // Seeding hashes three passwords with argon2: slow on a busy machine.
  }, 60_000);
  afterAll(() => handle?.close(), 60_000);

  it("seeds each demo connection with an explicit policy: admins auto-approved, members need approval for named roles", async () => {
    const grants = await listGrants(db, connectionId);
    expect(grants.map(({ id: _id, ...g }) => g)).toEqual(demoPolicy());
    expect(grants.find((g) => g.teamRole === "member")).toMatchObject({
      scopes: ["api-readonly"],
      anyScope: false,
      ownAccount: false,
      allowNever: false,
    });
  });

  it("refuses a member the connection's own account, and a key without expiry, unless a grant names them", async () => {
    const before = await footprint();
    expect(await rejection(createRequest(db, member, body({ scope: [] })))).toMatchObject({
      status: 403,
      code: "outside_policy",
      message: expect.stringContaining("own account"),
    });
    expect(await rejection(createRequest(db, member, body({ expiresAt: null })))).toMatchObject({
      status: 403,
      message: expect.stringContaining("must expire"),
    });
    expect(await footprint()).toEqual(before);
    const [adminGrant, memberGrant] = demoPolicy();
    await replaceGrants(db, admin, connectionId, [adminGrant!, { ...memberGrant!, ownAccount: true }]);
    expect(await createRequest(db, member, body({ name: "own account, named", scope: [] }))).toMatchObject({
      status: "pending",
    });
    await replaceGrants(db, admin, connectionId, demoPolicy());
  });

  it("a member's request waits, notifies the admins, and an admin approves it; the member issues once", async () => {
    const request = await createRequest(db, member, body());
    expect(request).toMatchObject({ status: "pending", requesterId: member.user.id, reason: "Weekly traffic report" });
    const notices = await db.select().from(notifications).where(eq(notifications.userId, admin.user.id));
    expect(notices.at(-1)?.message).toContain("member@example.com requests a key");

    const approved = await approveRequest(db, admin, request.id, {});
    expect(approved).toMatchObject({ status: "approved", decidedBy: admin.user.id });
    expect(approved.approvalExpiresAt!.getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(await lastEvent()).toMatchObject({
      action: "request.approve",
      actorId: admin.user.id,
      targetId: request.id,
    });

    expect(await rejection(issueFromRequest(db, admin, request.id))).toMatchObject({ status: 403 });
    const issued = await issueFromRequest(db, member, request.id);
    expect(issued.key).toMatchObject({
      issuedBy: "member@example.com",
      approvedBy: "admin@example.com",
      reason: "Weekly traffic report",
      requestId: request.id,
    });
    expect(emulator.firewall.keyOwner(issued.secret)).not.toBeNull();
    expect(await rejection(issueFromRequest(db, member, request.id))).toMatchObject({
      status: 409,
      message: expect.stringContaining("already issued"),
    });
    expect(
      (await listRequests(db, member.team.id, { requesterId: member.user.id })).find((r) => r.id === request.id),
    ).toMatchObject({ status: "issued", keyId: issued.key.id });
    expect(await allRowsAsText(db)).not.toContain(issued.secret);
  });

  it("20 parallel Issue calls for one approved request mint exactly one vendor key", async () => {
    // A per-key administrator bound to a role profile: each PAN-OS mint of this kind is a new key.
    const request = await createRequest(db, member, body({ name: "race", scope: ["api-readonly"] }));
    await approveRequest(db, admin, request.id, {});
    const before = emulator.inspect().liveKeys;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => issueFromRequest(db, member, request.id)),
    );
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as AppError] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const e of lost)
      expect(e).toMatchObject({ status: 409, message: expect.stringMatching(/already (being )?issued/) });
    expect(emulator.inspect().liveKeys).toBe(before + 1);
    expect(await db.$count(keys, eq(keys.requestId, request.id))).toBe(1);
  });

  it("an auditor opens any request the team's list shows them; a member only their own", async () => {
    const mine = await createRequest(db, member, body({ name: "auditor can read" }));
    const [u] = await db.insert(users).values({ email: "colleague@example.com", name: "Colleague" }).returning();
    await db.insert(memberships).values({ teamId: member.team.id, userId: u!.id, role: "member" });
    const colleague: Actor = { user: { id: u!.id, email: u!.email }, team: member.team };
    const theirs = await createRequest(db, colleague, body({ name: "a colleague's" }));
    // The route lets in whoever may list (the same permission as GET /api/requests), auditors included.
    const permission = (route: { settings: object }) => (route.settings as { permission: Permission }).permission;
    expect(permission(getOneRequest)).toBe(permission(listRequestsRoute));
    expect(can("auditor", permission(getOneRequest))).toBe(true);

    const listed = await listRequests(db, auditor.team.id, {});
    expect(listed.map((r) => r.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    for (const r of listed) expect((await readRequest(db, auditor, r.id)).id).toBe(r.id);
    expect(await readRequest(db, admin, mine.id)).toMatchObject({ id: mine.id, requesterId: member.user.id });

    expect(await readRequest(db, member, mine.id)).toMatchObject({ id: mine.id, name: "auditor can read" });
    expect(await rejection(readRequest(db, member, theirs.id))).toMatchObject({ status: 404, code: "not_found" });
    const elsewhere = { ...auditor, team: { ...auditor.team, id: "00000000-0000-4000-8000-000000000000" } };
    expect(await rejection(readRequest(db, elsewhere, mine.id))).toMatchObject({ status: 404 });
    await cancelRequest(db, member, mine.id);
    await cancelRequest(db, colleague, theirs.id);
  });

  it("denies with a reason, and a decided request cannot be decided again", async () => {
    const request = await createRequest(db, member, body({ name: "to deny" }));
    const denied = await denyRequest(db, admin, request.id, { reason: "Use the shared reporting key" });
    expect(denied).toMatchObject({ status: "denied", decisionReason: "Use the shared reporting key" });
    expect(await lastEvent()).toMatchObject({
      action: "request.deny",
      actorId: admin.user.id,
      targetId: request.id,
      detail: expect.objectContaining({ reason: "Use the shared reporting key" }),
    });
    const before = await footprint();
    expect(await rejection(approveRequest(db, otherAdmin, request.id, {}))).toMatchObject({
      status: 409,
      message: expect.stringContaining("already denied"),
    });
    expect(await rejection(denyRequest(db, otherAdmin, request.id, { reason: "again" }))).toMatchObject({
      status: 409,
    });
    expect(await rejection(issueFromRequest(db, member, request.id))).toMatchObject({ status: 409 });
    expect(await footprint()).toEqual(before);
  });

  it("only the requester cancels, and only while pending", async () => {
    const request = await createRequest(db, member, body({ name: "to cancel" }));
    expect(await rejection(cancelRequest(db, admin, request.id))).toMatchObject({ status: 403 });
    expect(await cancelRequest(db, member, request.id)).toMatchObject({ status: "cancelled" });
    expect(await lastEvent()).toMatchObject({ action: "request.cancel", actorId: member.user.id });
    expect(await rejection(cancelRequest(db, member, request.id))).toMatchObject({ status: 409 });
  });

  it("an approval past the team's window reads lapsed at once, without a read writing anything; issuing is refused; the lapse job records it once", async () => {
    const request = await createRequest(db, member, body({ name: "to lapse" }));
    await approveRequest(db, admin, request.id, {});
    await db
      .update(keyRequests)
      .set({ approvalExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(keyRequests.id, request.id));
    const before = await footprint();
    const mine = await listRequests(db, member.team.id, { requesterId: member.user.id });
    expect(mine.find((r) => r.id === request.id)?.status).toBe("lapsed");
    expect((await getRequestView(db, member.team.id, request.id))?.status).toBe("lapsed");
    expect((await listRequests(db, member.team.id, { status: "lapsed" })).map((r) => r.id)).toContain(request.id);
    expect((await listRequests(db, member.team.id, { status: "approved" })).map((r) => r.id)).not.toContain(request.id);
    // Reads are reads: the row still says approved, and no audit event or notice was written.
    expect(await footprint()).toEqual(before);
    const liveKeys = emulator.inspect().liveKeys;
    expect(await rejection(issueFromRequest(db, member, request.id))).toMatchObject({
      status: 409,
      message: expect.stringContaining("lapsed"),
    });
    expect(emulator.inspect().liveKeys).toBe(liveKeys);

    expect(await lapseDueRequests(db)).toMatchObject({ lapsed: 1, more: false });
    expect((await db.select().from(keyRequests).where(eq(keyRequests.id, request.id)))[0]!.status).toBe("lapsed");
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "request.lapse"), eq(auditEvents.targetId, request.id)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ teamId: member.team.id, actorId: null, outcome: "success" });
    const notices = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, member.user.id), eq(notifications.link, `/requests#${request.id}`)));
    expect(notices.filter((n) => n.message.includes("“to lapse” lapsed"))).toHaveLength(1);
    // Never twice.
    expect(await lapseDueRequests(db)).toMatchObject({ lapsed: 0 });
    expect(await rejection(issueFromRequest(db, member, request.id))).toMatchObject({
      status: 409,
      message: expect.stringContaining("lapsed"),
    });
  });

  it("the lapse job, on the job runner: runs at start-up, wakes when the next approval runs out, and lapses it then", async () => {
    const request = await createRequest(db, member, body({ name: "lapsed by the job" }));
    const approved = await approveRequest(db, admin, request.id, {});
    const end = approved.approvalExpiresAt!;
    const clock = new ManualClock(new Date(end.getTime() - 10 * 60_000));
    const runner = new JobRunner({ db, jobs: [lapseJob], clock, log: () => undefined });
    expect(await runner.start()).toEqual([{ name: "requests.lapse", ok: true }]);
    await runner.stop();
    // Nothing ran out yet; the next run is its regular 30 s, or the approval's end if sooner.
    expect((await readJob(db, "requests.lapse"))!.nextRunAt).toEqual(new Date(clock.now().getTime() + 30_000));
    clock.set(new Date(end.getTime() - 10_000));
    await runner.tick();
    expect((await readJob(db, "requests.lapse"))!.nextRunAt).toEqual(end);
    expect((await db.select().from(keyRequests).where(eq(keyRequests.id, request.id)))[0]!.status).toBe("approved");
    expect((await getRequestView(db, member.team.id, request.id, clock.now()))?.status).toBe("approved");
    // The very moment the window ends the request reads lapsed, and the job that wakes then records it.
    clock.set(end);
    expect((await getRequestView(db, member.team.id, request.id, clock.now()))?.status).toBe("lapsed");
    expect(await runner.tick()).toEqual([{ name: "requests.lapse", ok: true }]);
    expect((await db.select().from(keyRequests).where(eq(keyRequests.id, request.id)))[0]!.status).toBe("lapsed");
    expect(
      await db.$count(auditEvents, and(eq(auditEvents.action, "request.lapse"), eq(auditEvents.targetId, request.id))),
    ).toBe(1);
  });

  it("an admin cannot approve their own request unless the team enables self-approval", async () => {
    await replaceGrants(db, admin, connectionId, [
      { ...demoPolicy()[0]!, requiresApproval: true },
      ...demoPolicy().slice(1),
    ]);
    const request = await createRequest(db, admin, body({ name: "my own" }));
    expect(request.status).toBe("pending");
    const before = await footprint();
    expect(await rejection(approveRequest(db, admin, request.id, {}))).toMatchObject({
      status: 403,
      message: expect.stringContaining("self-approval"),
    });
    expect(await footprint()).toEqual(before);
    await db.update(teams).set({ selfApproval: true }).where(eq(teams.id, admin.team.id));
    expect(await approveRequest(db, admin, request.id, {})).toMatchObject({ status: "approved" });
    await db.update(teams).set({ selfApproval: false }).where(eq(teams.id, admin.team.id));
    await replaceGrants(db, admin, connectionId, demoPolicy());
  });

  it.each([
    ["a missing reason", { reason: "  " }, 422, "reason"],
    ["a role the grant does not allow", { scope: ["api-ops"] }, 403, null],
    ["an expiry that has passed", { expiresAt: new Date(Date.now() - 86_400_000).toISOString() }, 422, "expiresAt"],
  ] as const)("refuses %s with a clear message and changes nothing", async (_what, over, status, field) => {
    await replaceGrants(db, admin, connectionId, [
      demoPolicy()[0]!,
      {
        teamRole: "member",
        scopes: ["api-readonly"],
        anyScope: false,
        ownAccount: false,
        securityLevels: [],
        defaultDays: null,
        maxDays: null,
        allowNever: false,
        requiresApproval: true,
      },
    ]);
    const before = await footprint();
    const err = await rejection(createRequest(db, member, body(over as Partial<RequestBody>)));
    expect(err.status).toBe(status);
    if (field) expect(Object.keys(err.fields ?? {})).toEqual([field]);
    else expect(err).toMatchObject({ code: "outside_policy", message: expect.stringContaining("api-ops") });
    expect(await footprint()).toEqual(before);
    await replaceGrants(db, admin, connectionId, demoPolicy());
  });

  it("refuses a policy whose bounds go beyond the vendor's", async () => {
    const err = await rejection(
      replaceGrants(db, admin, connectionId, [
        {
          teamRole: "member",
          scopes: [],
          anyScope: false,
          ownAccount: false,
          allowNever: false,
          securityLevels: ["advanced"],
          defaultDays: 7,
          maxDays: 400,
          requiresApproval: true,
        },
      ]),
    );
    expect(err).toMatchObject({ status: 422 });
    expect(Object.keys(err.fields ?? {}).sort()).toEqual(["grants.0.maxDays", "grants.0.securityLevels"]);
  });
});
