import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { testTls } from "@/test/support/tls";
import type { Db } from "@/lib/db/client";
import { auditEvents, connections, keys, notificationOutbox, users } from "@/lib/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { grantAdminsEverything } from "@/test/support/grants";
import { toVendorConnection } from "@/lib/connections/credentials";
import type { VendorEmulator } from "@/emulators/kit";
import { startRancherEmulator, RANCHER_DEFAULT_ENVIRONMENT_ID } from "@/emulators/rancher/emulator";
import { rancherAdapter } from "@/lib/vendors/rancher/adapter";
import { issueKey } from "@/lib/issuance/issue";
import type { IssuedKey } from "@/lib/issuance/types";
import { ManualClock } from "@/lib/jobs/clock";
import { JobRunner } from "@/lib/jobs/runner";
import { expireDueKeysJob } from "./jobs";
import { expireDueKeys, keywardEnforcedVendors } from "./expire-due";
import { keysDashboard } from "../dashboard";

// Keys whose vendor has no expiry (Rancher here, over real HTTPS) are revoked by Keyward's job
// when they fall due — on every engine, with the job's clock moved rather than waited for.

process.env.KEYWARD_VENDOR_TIMEOUT_MS = "2000";
const DAY = 86_400_000;

let rancher: VendorEmulator;
let caPem: string;

beforeAll(async () => {
  const tls = await testTls();
  caPem = tls.caPem;
  rancher = await startRancherEmulator({ tls: { certPem: tls.certPem, keyPem: tls.keyPem }, transitionMs: 20 });
});
afterAll(() => rancher?.close());
afterEach(() => rancher.setFaults(null));

it("Keyward enforces the expiry of exactly the vendors that have none", () => {
  expect(keywardEnforcedVendors().sort()).toEqual(["panos", "rancher"]);
});

describe.each(databaseEngines())("Keyward-enforced expiry on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let actor: { user: { id: string; email: string }; team: { id: string; role: "admin" } };
  let rancherId: string;

  const vendorConn = async () =>
    toVendorConnection((await db.select().from(connections).where(eq(connections.id, rancherId)))[0]!);
  const works = async (k: IssuedKey) =>
    rancherAdapter.verifyKey!(await vendorConn(), {
      secret: k.secret,
      publicId: k.publicId,
      meta: { environmentId: RANCHER_DEFAULT_ENVIRONMENT_ID },
    });
  const status = async (id: string) =>
    (await db.select({ status: keys.status }).from(keys).where(eq(keys.id, id)))[0]!.status;
  const issue = (name: string, days: number | null) =>
    issueKey(db, actor, {
      connectionId: rancherId,
      name,
      scope: [RANCHER_DEFAULT_ENVIRONMENT_ID],
      fields: {},
      reason: "expiry test",
      expiresAt: days === null ? null : new Date(Date.now() + days * DAY).toISOString(),
    });

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const { teamId } = await seedDemo(db, {
      adminEmail: "admin@example.com",
      adminPassword: "Seed-Admin-1",
      demoCaPem: caPem,
      emulators: [{ vendor: "rancher", emulator: rancher }],
    });
    const [admin] = await db.select().from(users).where(eq(users.email, "admin@example.com"));
    actor = { user: { id: admin!.id, email: admin!.email }, team: { id: teamId, role: "admin" } };
    rancherId = (await db.select().from(connections).where(eq(connections.teamId, teamId))).find(
      (r) => r.vendor === "rancher",
    )!.id;
    // Keys here are issued without expiry: the admin grant names "never" (and the own account) explicitly.
    await grantAdminsEverything(db, actor, rancherId, "rancher");
  }, 120_000);
  afterAll(() => handle?.close());

  it("the job revokes a Rancher key at its expiry, on the vendor, once, and leaves the others", async () => {
    const soon = await issue("expires in 2 days", 2);
    const later = await issue("expires in 30 days", 30);
    const never = await issue("never expires", null);
    expect(
      (await db.select({ expiresAt: keys.expiresAt }).from(keys).where(eq(keys.id, soon.key.id)))[0]!.expiresAt,
    ).not.toBeNull();

    const clock = new ManualClock(new Date(Date.now() + DAY));
    const runner = new JobRunner({ db, jobs: [expireDueKeysJob], clock, owner: `expiry-test-${engine.name}` });
    await runner.prepare();
    expect(await runner.tick()).toEqual([{ name: "keys.expire-due", ok: true }]);
    expect(await works(soon)).toBe(true);

    clock.advance(2 * DAY);
    expect(await runner.tick()).toEqual([{ name: "keys.expire-due", ok: true }]);
    expect(await works(soon)).toBe(false);
    expect(await status(soon.key.id)).toBe("revoked");
    for (const k of [later, never]) {
      expect(await works(k)).toBe(true);
      expect(await status(k.key.id)).toBe("active");
    }
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "key.revoke"), eq(auditEvents.targetId, soon.key.id)))
      .orderBy(desc(auditEvents.id));
    expect(event).toMatchObject({
      outcome: "success",
      actorId: null,
      detail: expect.objectContaining({ why: "expire" }),
    });
    // The owner's "key ended" notice is queued in the revoke's own transaction, so a crash after
    // the commit cannot leave the key revoked and its owner untold.
    const [ended] = await db
      .select({ subject: notificationOutbox.subject, xmin: sql<string>`xmin::text` })
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.event, "key.ended"), eq(notificationOutbox.link, `/keys/${soon.key.id}`)));
    expect(ended?.subject).toBe("Key “expires in 2 days” was revoked at its expiry.");
    const [revokedRow] = await db
      .select({ xmin: sql<string>`xmin::text` })
      .from(keys)
      .where(eq(keys.id, soon.key.id));
    expect(ended!.xmin).toBe(revokedRow!.xmin);

    // Nothing is revoked twice.
    clock.advance(DAY);
    await runner.tick();
    expect(
      await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "key.revoke"), eq(auditEvents.targetId, soon.key.id))),
    ).toHaveLength(1);
  });

  it("a vendor that fails keeps the key due, and the next run revokes it", async () => {
    const k = await issue("flaky vendor", 1);
    rancher.setFaults({ status: 503 });
    const at = new Date(Date.now() + 2 * DAY);
    const first = await expireDueKeys(db, at);
    rancher.setFaults(null);
    expect(first.failed).toBeGreaterThanOrEqual(1);
    expect(await works(k)).toBe(true);
    // The dashboard shows the missed deadline until the job catches up.
    const viewer = { userId: actor.user.id, seesAll: true };
    expect((await keysDashboard(db, actor.team.id, viewer, at)).missedExpiries.count).toBe(1);
    const second = await expireDueKeys(db, new Date(Date.now() + 2 * DAY));
    expect(second.revoked).toBeGreaterThanOrEqual(1);
    expect(await works(k)).toBe(false);
    expect((await keysDashboard(db, actor.team.id, viewer, at)).missedExpiries.count).toBe(0);
  });
});
