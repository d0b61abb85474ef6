import { desc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { allRowsAsText, databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { testTls } from "@/test/support/tls";
import { auditEvents, connectionKeys, connections, memberships, teams, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { escapeXml } from "@/lib/vendors/panos/wire";
import { startTestFirewall } from "@/emulators/panos/test-support";
import type { PanosEmulator } from "@/emulators/panos/emulator";
import { rejection } from "@/test/support/rejection";
import { createConnection, updateConnection } from "./save-connection";
import { startTrendFixture, type TrendFixture } from "@/emulators/trend/test-support";
import { trendAdapter } from "@/lib/vendors/trend/adapter";
import { testConnection } from "./test-connection";
import { listConnectionKeys } from "./connection-keys";
import { sealSecrets } from "./credentials";
import { expeditionAdapter } from "@/lib/vendors/expedition/adapter";
import { VendorError } from "@/lib/vendors/errors";
import { startTestBed, type ExpeditionTestBed } from "@/emulators/expedition/test-support";

// A failed test is recorded on the connection and in the append-only audit log: what a vendor
// echoed there must not carry the connection's password in any encoding.

// No `"` or `\`: the row dump is JSON, which would re-escape them and hide a leak from the search.
const PASSWORD = "Db/Pass+word=&Secret9";
const USER = "api-admin";

const echoes = {
  basic: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`,
  base64: Buffer.from(PASSWORD).toString("base64"),
  urlEncoded: encodeURIComponent(PASSWORD),
  formEncoded: new URLSearchParams({ password: PASSWORD }).toString(),
};

describe.each(databaseEngines())("testConnection on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let actor: Actor;
  let firewall: { emulator: PanosEmulator; caPem: string };

  beforeAll(async () => {
    [handle, firewall] = await Promise.all([engine.open(), startTestFirewall()]);
    db = handle.db;
    const [team] = await db.insert(teams).values({ name: "Network team" }).returning();
    const [user] = await db.insert(users).values({ email: "net-admin@example.com", name: "Net admin" }).returning();
    await db.insert(memberships).values({ teamId: team!.id, userId: user!.id, role: "admin" });
    actor = { user: { id: user!.id, email: user!.email }, team: { id: team!.id, role: "admin" } };
  });
  afterAll(async () => {
    await firewall?.emulator.close();
    await handle?.close();
  });

  it("stores no encoded form of the password the firewall echoed, in the audit row or the connection", async () => {
    const conn = await createConnection(db, actor, {
      vendor: "panos",
      name: "Edge firewall",
      baseUrl: firewall.emulator.url,
      tlsMode: "ca",
      caPem: firewall.caPem,
      settings: { username: USER },
      secrets: { password: PASSWORD },
    });
    const said = `Rejected ${echoes.basic} (${echoes.base64}) body ${echoes.formEncoded} key ${echoes.urlEncoded}`;
    firewall.emulator.setFaults({
      status: 400,
      contentType: "application/xml",
      body: `<response status="error" code="400"><msg><line>${escapeXml(said)}</line></msg></response>`,
    });
    try {
      const err = await rejection(testConnection(db, actor, conn.id), AppError);
      expect(err.message).toContain("Rejected Basic");
    } finally {
      firewall.emulator.setFaults(null);
    }

    const [event] = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "connection.test"))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(event!.outcome).toBe("failure");
    expect(JSON.stringify(event!.detail)).toContain("[redacted]");

    const everything = await allRowsAsText(db);
    for (const [form, echo] of Object.entries(echoes)) {
      const secretPart = form === "basic" ? echo.slice(-12) : echo;
      expect(everything, form).not.toContain(secretPart);
    }
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain("Pass+word");
  });
});

// An Expedition test logs in, and Expedition answers every login with the user's API key: the
// console records that key (by fingerprint) like any other it causes, before and after the call.
describe.each(databaseEngines())("an Expedition connection test on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let actor: Actor;
  let bed: ExpeditionTestBed;
  let connectionId: string;

  beforeAll(async () => {
    [handle, bed] = await Promise.all([engine.open(), startTestBed()]);
    db = handle.db;
    const [team] = await db.insert(teams).values({ name: "Migration team" }).returning();
    const [user] = await db.insert(users).values({ email: "migrations@example.com", name: "Migrations" }).returning();
    await db.insert(memberships).values({ teamId: team!.id, userId: user!.id, role: "admin" });
    actor = { user: { id: user!.id, email: user!.email }, team: { id: team!.id, role: "admin" } };
    const conn = await createConnection(db, actor, {
      vendor: "expedition",
      name: "Expedition",
      baseUrl: bed.emulator.url,
      tlsMode: "ca",
      caPem: bed.caPem,
      settings: { username: "admin" },
      secrets: { password: "paloalto" },
    });
    connectionId = conn.id;
  });
  afterAll(async () => {
    await bed?.emulator.close();
    await handle?.close();
  });
  afterEach(() => vi.restoreAllMocks());

  const recorded = () =>
    db
      .select()
      .from(connectionKeys)
      .where(eq(connectionKeys.connectionId, connectionId))
      .orderBy(desc(connectionKeys.startedAt));

  it("records the key its login created as a connection key, by the fingerprint Expedition holds, never the key", async () => {
    const before = bed.emulator.inspect().keys.length;
    await testConnection(db, actor, connectionId);
    const [row] = await recorded();
    expect(row).toMatchObject({ status: "created", purpose: "connection_test", createdBy: actor.user.id });
    expect(bed.emulator.inspect().keys).toHaveLength(before + 1);
    expect(bed.emulator.inspect().keys.map((k) => k.fingerprint)).toContain(row!.fingerprint);
    expect(row!.vendorKeyId).toBe(`user:1:${row!.fingerprint}`);
    const listed = await listConnectionKeys(db, actor.team.id, connectionId);
    expect(listed[0]).toMatchObject({ fingerprint: row!.fingerprint, createdByEmail: actor.user.email });
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "connection.test"))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(event!.detail).toMatchObject({ connectionKey: { fingerprint: row!.fingerprint } });
  });

  it("records the key when a step after the login fails, and nothing when the login itself fails", async () => {
    const real = expeditionAdapter.testConnection;
    vi.spyOn(expeditionAdapter, "testConnection").mockImplementationOnce(async (conn, hooks) => {
      await real(conn, hooks);
      throw new VendorError("vendor_unreachable", "Expedition stopped answering after the login.");
    });
    await rejection(testConnection(db, actor, connectionId), AppError);
    const [afterLater] = await recorded();
    expect(afterLater).toMatchObject({ status: "created" });
    expect(afterLater!.fingerprint).toMatch(/^[0-9a-f]{12}$/);

    await db
      .update(connections)
      .set({ sealedSecrets: sealSecrets(connectionId, { password: "not-the-password" }) })
      .where(eq(connections.id, connectionId));
    await rejection(testConnection(db, actor, connectionId), AppError);
    const [afterLogin] = await recorded();
    expect(afterLogin).toMatchObject({ status: "none", fingerprint: null });
    expect((await listConnectionKeys(db, actor.team.id, connectionId)).map((k) => k.status)).not.toContain("none");
  });
});

// Trend reports the expiry of the API key a connection signs in with: the test records it, so the
// reminder loop can tell the admins before Keyward's own credential lapses; a save clears it.
describe.each(databaseEngines())("a Trend connection test on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let actor: Actor;
  let fx: TrendFixture;

  beforeAll(async () => {
    [handle, fx] = await Promise.all([engine.open(), startTrendFixture()]);
    db = handle.db;
    const [team] = await db.insert(teams).values({ name: "Workload team" }).returning();
    const [user] = await db.insert(users).values({ email: "wl-admin@example.com", name: "WL admin" }).returning();
    await db.insert(memberships).values({ teamId: team!.id, userId: user!.id, role: "admin" });
    actor = { user: { id: user!.id, email: user!.email }, team: { id: team!.id, role: "admin" } };
  });
  afterAll(async () => {
    await fx?.emulator.close();
    await handle?.close();
  });

  it("records the expiry of the connection's own API key as the manager reports it", async () => {
    const expiresAt = new Date(Math.floor((Date.now() + 45 * 86_400_000) / 1000) * 1000);
    const own = await trendAdapter.mint(fx.conn(), {
      name: "keyward-connection",
      scope: ["1"],
      expiresAt,
      fields: {},
    });
    const body = {
      vendor: "trend",
      name: "Workload manager",
      baseUrl: fx.url,
      tlsMode: "ca" as const,
      caPem: (await testTls()).caPem,
      settings: { authMode: "api-key" },
      secrets: { apiSecretKey: own.secret },
    };
    const conn = await createConnection(db, actor, body);
    expect(conn.credentialExpiresAt).toBeNull();
    await testConnection(db, actor, conn.id);
    const [row] = await db.select().from(connections).where(eq(connections.id, conn.id));
    expect(row!.credentialExpiresAt?.toISOString()).toBe(expiresAt.toISOString());
    // A new key may have been saved: the old date is dropped until the next test reads the new one.
    const saved = await updateConnection(db, actor, conn.id, { ...body, secrets: {} });
    expect(saved.credentialExpiresAt).toBeNull();
  });
});
