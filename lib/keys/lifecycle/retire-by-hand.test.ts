import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { testTls } from "@/test/support/tls";
import type { Db } from "@/lib/db/client";
import { auditEvents, keyRequests, keys, users } from "@/lib/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { grantAdminsEverything } from "@/test/support/grants";
import { startPanosEmulator, type PanosEmulator } from "@/emulators/panos/emulator";
import { type AppError } from "@/lib/errors";
import { issueKey } from "@/lib/issuance/issue";
import { revokeKey } from "./revoke";
import { rotateKey } from "@/lib/issuance/rotate";

// A key the vendor cannot revoke (PAN-OS key of the connection's own admin): marked "retire by hand", status kept.

let emulator: PanosEmulator;
let caPem: string;
beforeAll(async () => {
  const tls = await testTls();
  caPem = tls.caPem;
  emulator = await startPanosEmulator({ tls: { certPem: tls.certPem, keyPem: tls.keyPem } });
});
afterAll(() => emulator?.close());

describe.each(databaseEngines())("retire by hand on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let actor: { user: { id: string; email: string }; team: { id: string; role: "admin" } };
  let connectionId: string;

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
    connectionId = (await db.query.connections.findMany({ where: (c, { eq: is }) => is(c.teamId, teamId) }))[0]!.id;
    // Keys here are issued without expiry: the admin grant names "never" (and the own account) explicitly.
    await grantAdminsEverything(db, actor, connectionId, "panos");
  });
  afterAll(() => handle?.close());

  it("revoke marks the key with the vendor's explanation and keeps it active", async () => {
    const k = await issueKey(db, actor, {
      connectionId,
      name: "own account",
      scope: [],
      fields: {},
      reason: "retire-by-hand test",
    });
    const outcome = await revokeKey(db, actor, k.key.id);
    expect(outcome).toMatchObject({ kind: "retire_by_hand", message: expect.stringMatching(/Retire it by hand/) });
    const [row] = await db.select().from(keys).where(eq(keys.id, k.key.id));
    expect(row).toMatchObject({ status: "active", retireByHand: true, revokedAt: null });
    expect(row!.meta.retireByHandNote).toMatch(/PAN-OS cannot revoke/);
    const [event] = await db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
    expect(event).toMatchObject({ action: "key.retire_by_hand", outcome: "success", targetId: k.key.id });
  });

  it("rotation refuses when the vendor hands back the same key, and changes nothing", async () => {
    const [k] = await db.select().from(keys).where(eq(keys.name, "own account"));
    const err = await rotateKey(db, actor, k!.id, { graceHours: 0 }).then(
      () => null,
      (e: unknown) => e as AppError,
    );
    expect(err).toMatchObject({ code: "rotation_same_key", status: 409 });
    const [row] = await db.select().from(keys).where(eq(keys.id, k!.id));
    expect(row).toMatchObject({ status: "active", replacedByKeyId: null });
    expect(await db.$count(keys)).toBe(1);
    // Retrying cannot help, so the rotation's request is closed rather than left open.
    const [request] = await db.select().from(keyRequests).where(eq(keyRequests.replacesKeyId, k!.id));
    expect(request).toMatchObject({ status: "cancelled", decisionReason: expect.stringContaining("same key") });
  });
});
