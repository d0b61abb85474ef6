import { and, desc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { testTls } from "@/test/support/tls";
import type { Db } from "@/lib/db/client";
import { auditEvents, connections, keys, memberships, users } from "@/lib/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { grantAdminsEverything } from "@/test/support/grants";
import { toVendorConnection } from "@/lib/connections/credentials";
import { rejection } from "@/test/support/rejection";
import type { VendorEmulator } from "@/emulators/kit";
import { startRancherEmulator, RANCHER_DEFAULT_ENVIRONMENT_ID } from "@/emulators/rancher/emulator";
import { rancherAdapter } from "@/lib/vendors/rancher/adapter";
import { issueKey } from "@/lib/issuance/issue";
import type { IssuedKey } from "@/lib/issuance/types";
import { removeMember } from "@/lib/teams/remove-member";
import { offboardMember } from "./remove-member";
import { liveKeysOwnedBy } from "./owned-keys";

// Offboarding against a real vendor (the Rancher emulator over HTTPS), on every engine: a
// member's live keys are revoked, handed over or kept as ownerless — never silently orphaned.

process.env.KEYWARD_VENDOR_TIMEOUT_MS = "2000";

let rancher: VendorEmulator;
let caPem: string;

beforeAll(async () => {
  const tls = await testTls();
  caPem = tls.caPem;
  rancher = await startRancherEmulator({ tls: { certPem: tls.certPem, keyPem: tls.keyPem }, transitionMs: 20 });
});
afterAll(() => rancher?.close());
afterEach(() => rancher.setFaults(null));

describe.each(databaseEngines())("offboarding on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let teamId: string;
  let actor: { user: { id: string; email: string }; team: { id: string; role: "admin" } };
  let rancherId: string;
  let n = 0;

  const vendorConn = async () =>
    toVendorConnection((await db.select().from(connections).where(eq(connections.id, rancherId)))[0]!);
  const works = async (k: IssuedKey) =>
    rancherAdapter.verifyKey!(await vendorConn(), {
      secret: k.secret,
      publicId: k.publicId,
      meta: { environmentId: RANCHER_DEFAULT_ENVIRONMENT_ID },
    });
  const isMember = async (userId: string) =>
    (
      await db
        .select()
        .from(memberships)
        .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)))
    ).length === 1;
  const keyRow = async (id: string) => (await db.select().from(keys).where(eq(keys.id, id)))[0]!;
  const lastEvent = async (action: string) =>
    (
      await db.select().from(auditEvents).where(eq(auditEvents.action, action)).orderBy(desc(auditEvents.id)).limit(1)
    )[0]!;

  /** A member of the team who owns `count` live Rancher keys (issued by the admin, then owned by them). */
  async function memberWithKeys(count: number): Promise<{ userId: string; issued: IssuedKey[] }> {
    const [user] = await db
      .insert(users)
      .values({ email: `leaver-${engine.name}-${++n}@example.com`, name: "Leaver" })
      .returning();
    await db.insert(memberships).values({ teamId, userId: user!.id, role: "member" });
    const issued: IssuedKey[] = [];
    for (let i = 0; i < count; i++) {
      const k = await issueKey(db, actor, {
        connectionId: rancherId,
        name: `leaver key ${n}.${i}`,
        scope: [RANCHER_DEFAULT_ENVIRONMENT_ID],
        fields: {},
        reason: "offboarding test",
      });
      await db.update(keys).set({ issuedBy: user!.id }).where(eq(keys.id, k.key.id));
      issued.push(k);
    }
    return { userId: user!.id, issued };
  }

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    ({ teamId } = await seedDemo(db, {
      adminEmail: "admin@example.com",
      adminPassword: "Seed-Admin-1",
      demoCaPem: caPem,
      emulators: [{ vendor: "rancher", emulator: rancher }],
    }));
    const [admin] = await db.select().from(users).where(eq(users.email, "admin@example.com"));
    actor = { user: { id: admin!.id, email: admin!.email }, team: { id: teamId, role: "admin" } };
    rancherId = (await db.select().from(connections).where(eq(connections.teamId, teamId))).find(
      (r) => r.vendor === "rancher",
    )!.id;
    // Keys here are issued without expiry: the admin grant names "never" (and the own account) explicitly.
    await grantAdminsEverything(db, actor, rancherId, "rancher");
  }, 120_000);
  afterAll(() => handle?.close());

  it("refuses to remove a member with live keys until the admin says what becomes of them", async () => {
    const { userId, issued } = await memberWithKeys(2);
    const err = await rejection(offboardMember(db, actor, userId, {}));
    expect(err).toMatchObject({ status: 409, code: "live_keys" });
    expect(err.message).toContain("2 live keys");
    expect(await isMember(userId)).toBe(true);
    for (const k of issued) expect(await works(k)).toBe(true);
  });

  it("revoke: every key stops working on the vendor, then the member is gone, all audited", async () => {
    const { userId, issued } = await memberWithKeys(2);
    const result = await offboardMember(db, actor, userId, { keys: "revoke" });
    expect(result).toMatchObject({ keys: "revoke", revoked: 2, failed: [], retireByHand: [] });
    for (const k of issued) {
      expect(await works(k)).toBe(false);
      expect((await keyRow(k.key.id)).status).toBe("revoked");
    }
    expect(await isMember(userId)).toBe(false);
    expect(await lastEvent("team.member.remove")).toMatchObject({
      outcome: "success",
      targetId: userId,
      detail: { keys: "revoke", revoked: 2 },
    });
  });

  it("revoke with a failing vendor: the member is removed, the key stays live and is reported for a retry", async () => {
    const { userId, issued } = await memberWithKeys(1);
    rancher.setFaults({ status: 503 });
    const result = await offboardMember(db, actor, userId, { keys: "revoke" });
    rancher.setFaults(null);
    expect(result.revoked).toBe(0);
    expect(result.failed.map((f) => f.id)).toEqual([issued[0]!.key.id]);
    expect(await works(issued[0]!)).toBe(true);
    expect((await keyRow(issued[0]!.key.id)).status).toBe("active");
    expect(await isMember(userId)).toBe(false);
    expect((await lastEvent("team.member.remove")).detail).toMatchObject({
      keys: "revoke",
      leftOwnerless: [issued[0]!.key.id],
    });
  });

  it("handover: the keys keep working under another member, each change audited", async () => {
    const { userId, issued } = await memberWithKeys(2);
    const heir = await memberWithKeys(0);
    const result = await offboardMember(db, actor, userId, { keys: "handover", to: heir.userId });
    expect(result).toMatchObject({ keys: "handover", handedOver: 2 });
    for (const k of issued) {
      expect((await keyRow(k.key.id)).issuedBy).toBe(heir.userId);
      expect(await works(k)).toBe(true);
    }
    expect((await liveKeysOwnedBy(db, teamId, heir.userId)).map((k) => k.id).sort()).toEqual(
      issued.map((k) => k.key.id).sort(),
    );
    expect(await lastEvent("key.owner.change")).toMatchObject({
      detail: { from: userId, to: heir.userId, why: "offboarding" },
    });
  });

  it("handover to someone outside the team is refused and nothing changes", async () => {
    const { userId, issued } = await memberWithKeys(1);
    const [stranger] = await db
      .insert(users)
      .values({ email: `stranger-${engine.name}@example.com`, name: "Stranger" })
      .returning();
    const err = await rejection(offboardMember(db, actor, userId, { keys: "handover", to: stranger!.id }));
    expect(err).toMatchObject({ status: 422, fields: { to: expect.any(String) } });
    expect(await isMember(userId)).toBe(true);
    expect((await keyRow(issued[0]!.key.id)).issuedBy).toBe(userId);
  });

  it("keep: the keys stay live with an owner who is no longer in the team", async () => {
    const { userId, issued } = await memberWithKeys(1);
    expect(await offboardMember(db, actor, userId, { keys: "keep" })).toMatchObject({ keys: "keep", kept: 1 });
    expect(await isMember(userId)).toBe(false);
    expect(await works(issued[0]!)).toBe(true);
    expect(await liveKeysOwnedBy(db, teamId, userId)).toHaveLength(1);
  });

  it("a key the member gained after the admin looked stops the removal", async () => {
    const { userId, issued } = await memberWithKeys(1);
    const err = await rejection(removeMember(db, actor, userId, { keys: "keep", keyIds: [] }));
    expect(err.status).toBe(409);
    expect(await isMember(userId)).toBe(true);
    expect(await works(issued[0]!)).toBe(true);
  });

  it("the last admin is refused before any key is touched", async () => {
    const soleAdmin = actor.user.id;
    const k = await issueKey(db, actor, {
      connectionId: rancherId,
      name: "admin key",
      scope: [RANCHER_DEFAULT_ENVIRONMENT_ID],
      fields: {},
      reason: "offboarding test",
    });
    const err = await rejection(offboardMember(db, actor, soleAdmin, { keys: "revoke" }));
    expect(err.status).toBe(409);
    expect(await works(k)).toBe(true);
    expect(await isMember(soleAdmin)).toBe(true);
  });

  it("a member without live keys is removed without a choice", async () => {
    const { userId } = await memberWithKeys(0);
    expect(await offboardMember(db, actor, userId, {})).toMatchObject({ keys: "none" });
    expect(await isMember(userId)).toBe(false);
  });
});
