import type { Actor } from "@/lib/auth/actor";
import { createHash, randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { desc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { allRowsAsText, databaseEngines, type TestDatabase } from "@/test/support/databases";
import { testTls } from "@/test/support/tls";
import type { Db } from "@/lib/db/client";
import { auditEvents, keys, teams, users } from "@/lib/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { createConnection } from "@/lib/connections/save-connection";
import { grantAdminsEverything } from "@/test/support/grants";
import { VendorError, type VendorFailure } from "@/lib/vendors/errors";
import { startPanosEmulator, type PanosEmulator } from "@/emulators/panos/emulator";
import type { EmulatorFaults } from "@/emulators/kit";
import { issueKey } from "./issue";
import { getKey, insertKey } from "@/lib/keys/queries";
import type { DirectIssueBody as IssueKeyBody } from "@/lib/requests/request-input";
import { rejection } from "@/test/support/rejection";

// Issuing a PAN-OS key end to end: real HTTPS to the emulator, every engine, nothing secret kept.

// Read once by lib/env.ts on first use: a hung firewall should cost the test little time.
process.env.KEYWARD_VENDOR_TIMEOUT_MS = "1500";

let emulator: PanosEmulator;
let caPem: string;
let closedPortUrl: string;

beforeAll(async () => {
  const tls = await testTls();
  caPem = tls.caPem;
  emulator = await startPanosEmulator({ tls: { certPem: tls.certPem, keyPem: tls.keyPem } });
  // A port that was free a moment ago: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedPortUrl = `https://127.0.0.1:${(probe.address() as { port: number }).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(() => emulator?.close());
afterEach(() => emulator.setFaults(null));

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

describe.each(databaseEngines())("issueKey on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let actor: Actor;
  let demoConnectionId: string;
  let failingIds: { wrong: string; closed: string };

  const body = (over: Partial<IssueKeyBody> = {}): IssueKeyBody => ({
    connectionId: demoConnectionId,
    name: "CI pipeline",
    scope: [],
    fields: {},
    reason: "Nightly CI needs firewall reads",
    ...over,
  });
  const panosConnection = (name: string, baseUrl: string, password: string) => ({
    vendor: "panos",
    name,
    baseUrl,
    tlsMode: "ca" as const,
    caPem,
    settings: { username: "admin" },
    secrets: { password },
  });
  /** What a failed or refused request may not change. */
  const footprint = async () => ({
    keys: await db.$count(keys),
    events: await db.$count(auditEvents),
    vendorCalls: emulator.inspect().requests,
  });

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const { teamId } = await seedDemo(db, {
      adminEmail: "admin@example.com",
      adminPassword: "Seed-Admin-1",
      demoCaPem: caPem,
      emulators: [{ vendor: "panos", emulator }],
    });
    const [admin] = await db.select().from(users).where(eq(users.email, "admin@example.com"));
    actor = { user: { id: admin!.id, email: admin!.email }, team: { id: teamId, role: "admin" } };
    const [demo] = await db.query.connections.findMany({ where: (c, { eq: is }) => is(c.teamId, teamId) });
    demoConnectionId = demo!.id;
    failingIds = {
      wrong: (await createConnection(db, actor, panosConnection("Wrong password", emulator.url, "Not-The-Password-1")))
        .id,
      closed: (await createConnection(db, actor, panosConnection("Nothing listening", closedPortUrl, "Keyward-Demo-1")))
        .id,
    };
    // These tests issue the connection's own account key without expiry: the admin grant names both.
    for (const id of [demoConnectionId, failingIds.wrong, failingIds.closed])
      await grantAdminsEverything(db, actor, id, "panos");
  });
  afterAll(() => handle?.close());

  it("mints a working key, returns its secret once and keeps only its fingerprint and last four", async () => {
    const issued = await issueKey(db, actor, body({ name: "Nightly backup" }));
    expect(issued.secret.length).toBeGreaterThan(20);
    expect(emulator.firewall.keyOwner(issued.secret)?.name).toBe("admin");
    expect(issued.key).toMatchObject({
      name: "Nightly backup",
      vendor: "panos",
      connectionId: demoConnectionId,
      status: "active",
      fingerprint: sha256(issued.secret),
      lastFour: issued.secret.slice(-4),
      issuedBy: "admin@example.com",
      expiresAt: null,
    });

    // The view built by the insert itself is what a later read of the key answers.
    expect(issued.key).toEqual(await getKey(db, actor.team.id, issued.key.id));

    const [row] = await db.select().from(keys).where(eq(keys.id, issued.key.id));
    expect(row).toMatchObject({
      teamId: actor.team.id,
      fingerprint: sha256(issued.secret),
      lastFour: issued.secret.slice(-4),
      issuedBy: actor.user.id,
    });
    const [event] = await db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
    expect(event).toMatchObject({
      action: "key.issue",
      outcome: "success",
      actorId: actor.user.id,
      targetType: "key",
      targetId: issued.key.id,
    });
    expect(event!.detail).toMatchObject({
      name: "Nightly backup",
      vendor: "panos",
      fingerprint: sha256(issued.secret),
    });

    const everything = await allRowsAsText(db);
    expect(everything).toContain(sha256(issued.secret));
    expect(everything).not.toContain(issued.secret);
  });

  const vendorFailures: Array<
    [
      string,
      VendorFailure,
      RegExp,
      (ids: { wrong: string; closed: string }) => { connection?: string; faults?: EmulatorFaults },
    ]
  > = [
    [
      "a wrong connection password",
      "vendor_auth",
      /rejected the user name or password/,
      (ids) => ({ connection: ids.wrong }),
    ],
    [
      "a firewall that never answers",
      "vendor_timeout",
      /did not answer within 2 s/,
      () => ({ faults: { hang: true, remaining: 1 } }),
    ],
    ["a closed port", "vendor_unreachable", /refused the connection/, (ids) => ({ connection: ids.closed })],
    [
      "a malformed answer",
      "vendor_bad_response",
      /body that is not PAN-OS XML/,
      () => ({ faults: { malformed: true, remaining: 1 } }),
    ],
  ];
  it.each(vendorFailures)(
    "on %s throws the VendorError, writes no key and records the failure",
    async (_what, failure, message, setUp) => {
      const { connection = demoConnectionId, faults } = setUp(failingIds);
      if (faults) emulator.setFaults(faults);
      const keysBefore = await db.$count(keys);

      const err = await rejection(issueKey(db, actor, body({ connectionId: connection })));
      expect(err).toBeInstanceOf(VendorError);
      expect((err as VendorError).failure).toBe(failure);
      expect(err.message).toMatch(message);

      expect(await db.$count(keys)).toBe(keysBefore);
      const [event] = await db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
      expect(event).toMatchObject({
        action: "key.issue",
        outcome: "failure",
        actorId: actor.user.id,
        targetType: "connection",
        targetId: connection,
      });
      expect(event!.detail).toMatchObject({ name: "CI pipeline", code: failure, message: err.message });
      expect(JSON.stringify(event)).not.toContain("Not-The-Password-1");
    },
  );

  it.each([
    ["a name longer than 64 characters", { name: "k".repeat(65) }, "name"],
    ["an issue field PAN-OS does not have", { fields: { colour: "red" } }, "fields.colour"],
    [
      "an expiry that has passed (Keyward enforces PAN-OS expiries, and only future ones)",
      { expiresAt: new Date(Date.now() - 86_400_000).toISOString() },
      "expiresAt",
    ],
    [
      "an expiry beyond the 365 days Keyward enforces on PAN-OS",
      { expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString() },
      "expiresAt",
    ],
    ["a .panrc tag with spaces", { fields: { tag: "my tag" } }, "fields.tag"],
  ] as const)("refuses %s with 422 and a field error, before calling the vendor", async (_what, over, field) => {
    const before = await footprint();
    const err = await rejection(issueKey(db, actor, body(over as Partial<IssueKeyBody>)));
    expect(err).toMatchObject({ status: 422, code: "invalid_input" });
    expect(Object.keys(err.fields ?? {})).toEqual([field]);
    expect(await footprint()).toEqual(before);
  });

  it("refuses with 409 when the vendor hands back a key already recorded, and revokes nothing", async () => {
    // The first test recorded the admin account's key; PAN-OS derives the same one again.
    const before = await footprint();
    const liveBefore = emulator.inspect().liveKeys;
    const again = await rejection(issueKey(db, actor, body({ name: "Account key, again" })));
    expect(again).toMatchObject({ status: 409, code: "same_key" });
    expect(again.message).toContain("already in the inventory");
    expect((await footprint()).keys).toBe(before.keys);
    expect(emulator.inspect().liveKeys).toBe(liveBefore);
    const [event] = await db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
    expect(event).toMatchObject({
      action: "key.issue",
      outcome: "failure",
      detail: expect.objectContaining({ code: "same_key" }),
    });
  });

  it("insertKey answers what getKey reads, for a key approved by someone else too", async () => {
    const [approver] = await db
      .insert(users)
      .values({ email: `approver-${randomUUID()}@example.com`, name: "Approver" })
      .returning();
    const values = {
      teamId: actor.team.id,
      connectionId: demoConnectionId,
      vendor: "panos",
      name: "Inserted",
      vendorKeyId: `v-${randomUUID()}`,
      scope: ["r"],
      securityLevel: null,
      fingerprint: "f".repeat(64),
      lastFour: "abcd",
      meta: {},
      issuedBy: actor.user.id,
    };
    const approved = await insertKey(db, {
      ...values,
      approvedBy: approver!.id,
      reason: "Because",
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    expect(approved).toMatchObject({
      approvedBy: approver!.email,
      issuedBy: actor.user.email,
      connectionName: expect.any(String),
      reason: "Because",
    });
    expect(approved).toEqual(await getKey(db, actor.team.id, approved.id));
    const unapproved = await insertKey(db, { ...values, vendorKeyId: `v-${randomUUID()}` });
    expect(unapproved).toMatchObject({ approvedBy: null, reason: null, requestId: null, expiresAt: null });
    expect(unapproved).toEqual(await getKey(db, actor.team.id, unapproved.id));
  });

  it("answers 404 for another team's connection, exactly as for one that does not exist", async () => {
    const [otherTeam] = await db.insert(teams).values({ name: "Other team" }).returning();
    const theirs = await createConnection(
      db,
      { user: actor.user, team: { id: otherTeam!.id, role: "admin" } },
      panosConnection("Their firewall", emulator.url, "Keyward-Demo-1"),
    );
    const before = await footprint();

    const foreign = await rejection(issueKey(db, actor, body({ connectionId: theirs.id })));
    const missing = await rejection(issueKey(db, actor, body({ connectionId: randomUUID() })));
    expect(foreign).toMatchObject({ status: 404, message: "The connection was not found." });
    expect(missing).toMatchObject({ status: foreign.status, code: foreign.code, message: foreign.message });
    expect(await footprint()).toEqual(before);
  });
});
