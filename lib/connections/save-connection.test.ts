import { randomUUID } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRowsAsText, databaseEngines, type TestDatabase } from "@/test/support/databases";
import { testTls } from "@/test/support/tls";
import type { Db } from "@/lib/db/client";
import { auditEvents, connections, memberships, teams, users } from "@/lib/db/schema";
import { unsealSecrets } from "./credentials";
import type { ConnectionBody } from "./input";
import { createConnection, updateConnection } from "./save-connection";
import { rejection } from "@/test/support/rejection";

// Saving a connection on every engine: credentials only ever sealed, bad input refused with field errors.

type Actor = Parameters<typeof createConnection>[1];

describe.each(databaseEngines())("createConnection and updateConnection on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let caPem: string;
  let actor: Actor;

  const body = (over: Partial<ConnectionBody> = {}): ConnectionBody => ({
    vendor: "panos",
    name: `Firewall ${randomUUID().slice(0, 8)}`,
    baseUrl: "https://192.0.2.10/",
    tlsMode: "ca",
    caPem,
    settings: { username: "api-admin" },
    secrets: { password: `Pw-${randomUUID()}` },
    ...over,
  });
  const footprint = async () => ({ connections: await db.$count(connections), events: await db.$count(auditEvents) });
  const lastEvent = async () => (await db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1))[0]!;

  async function newActor(): Promise<Actor> {
    const [team] = await db.insert(teams).values({ name: "Network team" }).returning();
    const [user] = await db
      .insert(users)
      .values({ email: `admin-${team!.id}@example.com`, name: "Net admin" })
      .returning();
    await db.insert(memberships).values({ teamId: team!.id, userId: user!.id, role: "admin" });
    return { user: { id: user!.id, email: user!.email }, team: { id: team!.id, role: "admin" as const } };
  }

  beforeAll(async () => {
    [handle, { caPem }] = await Promise.all([engine.open(), testTls()]);
    db = handle.db;
    actor = await newActor();
  });
  afterAll(() => handle?.close());

  it("stores the password only sealed, keeps declared settings only, and records the creation", async () => {
    const input = body({ settings: { username: " api-admin ", injected: "DROP TABLE" } });
    const password = input.secrets.password!;
    const row = await createConnection(db, actor, input);

    expect(row).toMatchObject({
      teamId: actor.team.id,
      baseUrl: "https://192.0.2.10",
      tlsMode: "ca",
      settings: { username: "api-admin" },
    });
    expect(row.tlsCaPem).toContain("-----BEGIN CERTIFICATE-----");
    expect(row.sealedSecrets).not.toContain(password);
    expect(unsealSecrets(row)).toEqual({ password });

    expect(await lastEvent()).toMatchObject({
      action: "connection.create",
      outcome: "success",
      targetId: row.id,
      detail: { name: input.name, vendor: "panos" },
    });
    const everything = await allRowsAsText(db);
    expect(everything).toContain(input.name);
    expect(everything).not.toContain(password);
    expect(everything).not.toContain("DROP TABLE");
  });

  it.each([
    ["a CA that is not PEM", { caPem: "MIIBszCCAVmgAwIBAgIU" }, "caPem", /BEGIN CERTIFICATE/],
    [
      "a PEM block that is not a certificate",
      { caPem: "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----" },
      "caPem",
      /not a readable X.509/,
    ],
    ["a plain http:// base URL", { baseUrl: "http://192.0.2.10" }, "baseUrl", /https:\/\//],
    ["credentials inside the base URL", { baseUrl: "https://admin:secret@192.0.2.10" }, "baseUrl", /credentials/],
    ["a missing password", { secrets: {} }, "secrets.password", /required/],
  ] as const)("refuses %s with 422 and a field error, writing nothing", async (_what, over, field, message) => {
    const before = await footprint();
    const err = await rejection(createConnection(db, actor, body(over as Partial<ConnectionBody>)));
    expect(err).toMatchObject({ status: 422, code: "invalid_input" });
    expect(Object.keys(err.fields ?? {})).toEqual([field]);
    expect(err.fields![field]).toMatch(message);
    expect(await footprint()).toEqual(before);
  });

  describe("XSIAM's own API key expiry, which the vendor does not report", () => {
    const DAY = 86_400_000;
    const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
    const xsiam = (expiresOn: string | undefined): ConnectionBody => ({
      vendor: "xsiam",
      name: `Tenant ${randomUUID().slice(0, 8)}`,
      baseUrl: "https://api-tenant.example.com",
      tlsMode: "ca",
      caPem,
      settings: {
        apiKeyId: "7",
        authLevel: "standard",
        ...(expiresOn === undefined ? {} : { credentialExpiresOn: expiresOn }),
      },
      secrets: { apiKey: `k-${randomUUID()}` },
    });

    it.each([
      ["a date that has passed", day(-1), /the date has passed; enter a date in the future/],
      ["today", day(0), /the date has passed/],
      [
        "more than six months ahead",
        day(200),
        /at most 184 days ahead \(\d{4}-\d{2}-\d{2}\); the vendor allows no longer/,
      ],
      ["something that is not a date", "next spring", /enter a date like 2027-03-31/],
      ["a day that does not exist", "2031-02-30", /enter a date like/],
    ])("refuses %s with 422 and says what to enter", async (_what, expiresOn, message) => {
      const before = await footprint();
      const err = await rejection(createConnection(db, actor, xsiam(expiresOn)));
      expect(err).toMatchObject({ status: 422, code: "invalid_input" });
      expect(err.fields).toEqual({ "settings.credentialExpiresOn": expect.stringMatching(message) });
      expect(err.fields!["settings.credentialExpiresOn"]).toMatch(/^API key expires on: /);
      expect(await footprint()).toEqual(before);
    });

    it("records the date the admin entered as the credential's expiry, and clears it when removed", async () => {
      const on = day(150);
      const created = await createConnection(db, actor, xsiam(on));
      expect(created.credentialExpiresAt?.toISOString()).toBe(`${on}T00:00:00.000Z`);
      const updated = await updateConnection(db, actor, created.id, { ...xsiam(undefined), name: created.name });
      expect(updated.credentialExpiresAt).toBeNull();
      const none = await createConnection(db, actor, xsiam(""));
      expect(none.credentialExpiresAt).toBeNull();
    });
  });

  it("refuses a second connection with the same name in a team, whatever its case, but not in another team", async () => {
    const first = await createConnection(db, actor, body({ name: "Edge firewall" }));
    const before = await footprint();
    const err = await rejection(createConnection(db, actor, body({ name: "EDGE Firewall" })));
    expect(err).toMatchObject({
      status: 422,
      fields: { name: "A connection with this name already exists in your team." },
    });
    expect(await footprint()).toEqual(before);

    const other = await createConnection(db, await newActor(), body({ name: "Edge firewall" }));
    expect(other.id).not.toBe(first.id);
  });

  it("keeps the stored password when an update leaves it blank, and replaces it when a new one is given", async () => {
    const input = body();
    const original = input.secrets.password!;
    const created = await createConnection(db, actor, input);

    const renamed = await updateConnection(db, actor, created.id, {
      ...input,
      name: `${input.name} (renamed)`,
      secrets: { password: "" },
    });
    expect(renamed.name).toBe(`${input.name} (renamed)`);
    expect(unsealSecrets(renamed)).toEqual({ password: original });
    expect(await lastEvent()).toMatchObject({
      action: "connection.update",
      targetId: created.id,
      detail: { secretsChanged: [] },
    });

    const replacement = `New-${randomUUID()}`;
    const rotated = await updateConnection(db, actor, created.id, { ...input, secrets: { password: replacement } });
    expect(unsealSecrets(rotated)).toEqual({ password: replacement });
    expect(await lastEvent()).toMatchObject({ action: "connection.update", detail: { secretsChanged: ["password"] } });
    const everything = await allRowsAsText(db);
    expect(everything).not.toContain(replacement);
    expect(everything).not.toContain(original);
  });

  it("refuses to rename a connection onto another one's name, and to touch another team's connection", async () => {
    const [a, b] = [await createConnection(db, actor, body()), await createConnection(db, actor, body())];
    const clash = await rejection(updateConnection(db, actor, b.id, body({ name: a.name, secrets: {} })));
    expect(clash).toMatchObject({ status: 422, fields: { name: expect.stringContaining("already exists") } });

    const stranger = await newActor();
    const foreign = await rejection(updateConnection(db, stranger, a.id, body({ secrets: {} })));
    expect(foreign).toMatchObject({ status: 404, message: "The connection was not found." });
    const [stored] = await db.select().from(connections).where(eq(connections.id, a.id));
    expect(stored!.name).toBe(a.name);
  });
});
