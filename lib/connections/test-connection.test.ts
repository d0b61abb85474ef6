import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRowsAsText, databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { auditEvents, memberships, teams, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { escapeXml } from "@/lib/vendors/panos/wire";
import { startTestFirewall } from "@/emulators/panos/test-support";
import type { PanosEmulator } from "@/emulators/panos/emulator";
import { rejection } from "@/test/support/rejection";
import { createConnection } from "./save-connection";
import { testConnection } from "./test-connection";

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
