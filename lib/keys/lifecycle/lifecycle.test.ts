import { and, desc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { testTls } from "@/test/support/tls";
import type { Db } from "@/lib/db/client";
import { auditEvents, connections, keyRequests, keys, teams, unmanagedKeys, users } from "@/lib/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { toVendorConnection } from "@/lib/connections/credentials";
import { type AppError } from "@/lib/errors";
import type { VendorEmulator } from "@/emulators/kit";
import { startRancherEmulator, RANCHER_DEFAULT_ENVIRONMENT_ID } from "@/emulators/rancher/emulator";
import { startTrendEmulator } from "@/emulators/trend/emulator";
import { rancherAdapter } from "@/lib/vendors/rancher/adapter";
import { trendAdapter } from "@/lib/vendors/trend/adapter";
import { issueKey, issueFromRequest } from "@/lib/issuance/issue";
import type { IssuedKey } from "@/lib/issuance/types";
import { activateKey, deactivateKey } from "./toggle";
import { updateKey } from "./update";
import { revokeKey } from "./revoke";
import { resetKeySecret } from "./reset-secret";
import { rotateKey, type RotateResult } from "@/lib/issuance/rotate";
import { approveRequest } from "@/lib/requests/decide";
import { listGrants, replaceGrants } from "@/lib/policies/grants";
import { retireDueKeys } from "./retire-due";
import { openRotationOf } from "@/lib/requests/open-rotation";
import { reconcileConnection } from "./reconcile";
import { ADOPTED_FINGERPRINT, adoptUnmanagedKey, listUnmanagedKeys } from "./unmanaged";
import { rejection } from "@/test/support/rejection";
import { grantAdminsEverything } from "@/test/support/grants";

// Key lifecycle end to end: real HTTPS to the Rancher and Trend Micro emulators, every engine.

process.env.KEYWARD_VENDOR_TIMEOUT_MS = "2000";

let rancher: VendorEmulator;
let trend: VendorEmulator;
let caPem: string;

beforeAll(async () => {
  const tls = await testTls();
  caPem = tls.caPem;
  rancher = await startRancherEmulator({ tls: { certPem: tls.certPem, keyPem: tls.keyPem }, transitionMs: 20 });
  trend = await startTrendEmulator({ tls: { certPem: tls.certPem, keyPem: tls.keyPem } });
});
afterAll(async () => {
  await rancher?.close();
  await trend?.close();
});
afterEach(() => {
  rancher.setFaults(null);
  trend.setFaults(null);
});

/** A rotation the policy approved at once: the replacement and its secret are in the answer. */
async function rotatedNow(promise: Promise<RotateResult>) {
  const result = await promise;
  if (result.status !== "issued") throw new Error(`expected the rotation to be issued at once, got ${result.status}`);
  return result;
}

describe.each(databaseEngines())("key lifecycle on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let actor: { user: { id: string; email: string }; team: { id: string; role: "admin" } };
  let rancherId: string;
  let trendId: string;
  let trendRole: string;

  const row = async (id: string) => (await db.select().from(keys).where(eq(keys.id, id)))[0]!;
  const lastEvent = async () => (await db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1))[0]!;
  const vendorConn = async (id: string) =>
    toVendorConnection((await db.select().from(connections).where(eq(connections.id, id)))[0]!);
  const rancherWorks = async (k: IssuedKey) =>
    rancherAdapter.verifyKey!(await vendorConn(rancherId), {
      secret: k.secret,
      publicId: k.publicId,
      meta: { environmentId: RANCHER_DEFAULT_ENVIRONMENT_ID },
    });
  const trendWorks = async (secret: string) => trendAdapter.verifyKey!(await vendorConn(trendId), { secret, meta: {} });
  const issueRancher = (name: string) =>
    issueKey(db, actor, {
      connectionId: rancherId,
      name,
      scope: [RANCHER_DEFAULT_ENVIRONMENT_ID],
      fields: {},
      reason: "lifecycle test",
    });
  const issueTrend = (name: string) =>
    issueKey(db, actor, {
      connectionId: trendId,
      name,
      scope: [trendRole],
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      fields: {},
      reason: "lifecycle test",
    });

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const { teamId } = await seedDemo(db, {
      adminEmail: "admin@example.com",
      adminPassword: "Seed-Admin-1",
      demoCaPem: caPem,
      emulators: [
        { vendor: "rancher", emulator: rancher },
        { vendor: "trend", emulator: trend },
      ],
    });
    const [admin] = await db.select().from(users).where(eq(users.email, "admin@example.com"));
    actor = { user: { id: admin!.id, email: admin!.email }, team: { id: teamId, role: "admin" } };
    const rows = await db.select().from(connections).where(eq(connections.teamId, teamId));
    rancherId = rows.find((r) => r.vendor === "rancher")!.id;
    trendId = rows.find((r) => r.vendor === "trend")!.id;
    trendRole = (await trendAdapter.listRoles(await vendorConn(trendId)))[0]!.id;
    // Most keys here are issued without expiry: the admin grants name "never" explicitly.
    await grantAdminsEverything(db, actor, rancherId, "rancher");
    await grantAdminsEverything(db, actor, trendId, "trend");
    // Opening and migrating a database and seeding it is slow on a busy 2-core machine.
  }, 120_000);
  afterAll(() => handle?.close());

  it("a request keeps the vendor's role names from filing, and its key the same names", async () => {
    const role = (await trendAdapter.listRoles(await vendorConn(trendId))).find((r) => r.id === trendRole)!;
    const k = await issueTrend("trend named scope");
    const [key] = await db.select().from(keys).where(eq(keys.id, k.key.id));
    const [request] = await db.select().from(keyRequests).where(eq(keyRequests.id, key!.requestId!));
    expect(role.name).not.toBe(role.id);
    expect(request!.scopeNames).toEqual({ [trendRole]: role.name });
    expect(key!.scopeNames).toEqual(request!.scopeNames);
  });

  it("deactivates and activates a Rancher key: the secret stops and starts working", async () => {
    const k = await issueRancher("toggle me");
    expect(await rancherWorks(k)).toBe(true);
    await deactivateKey(db, actor, k.key.id);
    expect((await row(k.key.id)).status).toBe("inactive");
    expect(await rancherWorks(k)).toBe(false);
    expect(await lastEvent()).toMatchObject({ action: "key.deactivate", outcome: "success", targetId: k.key.id });
    await activateKey(db, actor, k.key.id);
    expect((await row(k.key.id)).status).toBe("active");
    expect(await rancherWorks(k)).toBe(true);
  });

  it("a vendor failure leaves the recorded state unchanged and audits the vendor's words", async () => {
    const k = await issueRancher("fault");
    rancher.setFaults({ status: 503 });
    const err = await rejection(deactivateKey(db, actor, k.key.id));
    rancher.setFaults(null);
    expect(err.code).toMatch(/^vendor_/);
    expect((await row(k.key.id)).status).toBe("active");
    const event = await lastEvent();
    expect(event).toMatchObject({ action: "key.deactivate", outcome: "failure", targetId: k.key.id });
    expect(event.detail).toMatchObject({ code: err.code, message: err.message });
    expect(await rancherWorks(k)).toBe(true);
  });

  it("renames a key on the vendor and in the inventory", async () => {
    const k = await issueRancher("old name");
    await updateKey(db, actor, k.key.id, { name: "new name", description: "for the nightly job" });
    expect(await row(k.key.id)).toMatchObject({ name: "new name" });
    const listed = await rancherAdapter.list!(await vendorConn(rancherId));
    expect(listed.find((v) => v.vendorKeyId === k.key.vendorKeyId)?.name).toBe("new name");
  });

  it("revokes a key: the vendor deletes it, the row says revoked, a second revoke is refused", async () => {
    const k = await issueRancher("revoke me");
    expect(await revokeKey(db, actor, k.key.id)).toEqual({ kind: "revoked" });
    expect(await row(k.key.id)).toMatchObject({ status: "revoked" });
    expect((await row(k.key.id)).revokedAt).toBeInstanceOf(Date);
    expect(await rancherWorks(k)).toBe(false);
    expect((await rejection(revokeKey(db, actor, k.key.id))).status).toBe(409);
  });

  it("rotates with a grace period: both keys work until the retire job revokes the old one", async () => {
    const k = await issueRancher("rotate with grace");
    const rotated = await rotatedNow(rotateKey(db, actor, k.key.id, { graceHours: 24 }));
    expect(rotated.replaced.outcome).toBe("scheduled");
    expect(rotated.key).toMatchObject({
      name: "rotate with grace",
      scope: [RANCHER_DEFAULT_ENVIRONMENT_ID],
      status: "active",
    });
    const old = await row(k.key.id);
    expect(old.replacedByKeyId).toBe(rotated.key.id);
    expect(old.retireAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    const replacement = { ...k, secret: rotated.secret, publicId: rotated.publicId };
    expect(await rancherWorks(k)).toBe(true);
    expect(await rancherWorks(replacement)).toBe(true);
    expect((await rejection(rotateKey(db, actor, k.key.id, { graceHours: 0 }))).status).toBe(409);

    expect(await retireDueKeys(db)).toMatchObject({ revoked: 0 });
    expect(await retireDueKeys(db, new Date(Date.now() + 25 * 3_600_000))).toMatchObject({ revoked: 1, failed: 0 });
    expect(await row(k.key.id)).toMatchObject({ status: "revoked", retireAt: null });
    expect(await rancherWorks(k)).toBe(false);
    expect(await rancherWorks(replacement)).toBe(true);
  });

  it("rotates at once: the old key is revoked in the same request", async () => {
    const k = await issueRancher("rotate now");
    const rotated = await rotatedNow(rotateKey(db, actor, k.key.id, { graceHours: 0 }));
    expect(rotated.replaced.outcome).toBe("revoked");
    expect((await row(k.key.id)).status).toBe("revoked");
    expect(await rancherWorks(k)).toBe(false);
  });

  it("rotation goes through the connection's policy: it waits for an approval, then the issue replaces the old key", async () => {
    const k = await issueRancher("rotate with approval");
    await updateKey(db, actor, k.key.id, { description: "moves with the key" });
    const before = await listGrants(db, rancherId);
    const strip = ({ id: _id, ...grant }: (typeof before)[number]) => grant;
    await replaceGrants(
      db,
      actor,
      rancherId,
      before.map((g) => ({ ...strip(g), requiresApproval: true })),
    );
    await db.update(teams).set({ selfApproval: true }).where(eq(teams.id, actor.team.id));
    try {
      const pending = await rotateKey(db, actor, k.key.id, { graceHours: 1 });
      expect(pending).toMatchObject({ status: "pending", message: expect.stringContaining("need an approval") });
      if (pending.status !== "pending") return;
      const [request] = await db.select().from(keyRequests).where(eq(keyRequests.id, pending.request.id));
      expect(request).toMatchObject({
        status: "pending",
        replacesKeyId: k.key.id,
        replaceGraceHours: 1,
        scope: [RANCHER_DEFAULT_ENVIRONMENT_ID],
      });
      expect(request!.reason).toContain("rotate with approval");
      // Nothing happened to the old key, and a second rotation waits for the first.
      expect(await row(k.key.id)).toMatchObject({ status: "active", replacedByKeyId: null, retireAt: null });
      expect((await rejection(rotateKey(db, actor, k.key.id, { graceHours: 0 }))).message).toContain(
        "already waiting for approval",
      );

      await approveRequest(db, actor, pending.request.id, {});
      const issuedAt = Date.now();
      const issued = await issueFromRequest(db, actor, pending.request.id);
      expect(issued.replaced).toMatchObject({ id: k.key.id, outcome: "scheduled" });
      const old = await row(k.key.id);
      expect(old.replacedByKeyId).toBe(issued.key.id);
      // The grace period counts from the issue, not from the request.
      expect(old.retireAt!.getTime()).toBeGreaterThanOrEqual(issuedAt + 3_600_000 - 1_000);
      expect(old.retireAt!.getTime()).toBeLessThanOrEqual(Date.now() + 3_600_000);
      expect(await row(issued.key.id)).toMatchObject({
        requestId: pending.request.id,
        approvedBy: actor.user.id,
        status: "active",
        meta: expect.objectContaining({ description: "moves with the key" }),
      });
      expect(await rancherWorks(k)).toBe(true);
      expect(await rancherWorks({ ...k, secret: issued.secret, publicId: issued.publicId })).toBe(true);
      const [rotation] = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "key.rotate"), eq(auditEvents.targetId, k.key.id)));
      expect(rotation).toMatchObject({
        outcome: "success",
        detail: expect.objectContaining({
          requestId: pending.request.id,
          replacementKeyId: issued.key.id,
          graceHours: 1,
        }),
      });
      expect((await rejection(rotateKey(db, actor, k.key.id, { graceHours: 0 }))).message).toContain(
        "already been rotated",
      );
    } finally {
      await replaceGrants(
        db,
        actor,
        rancherId,
        before.map((g) => ({ ...strip(g), requiresApproval: g.requiresApproval })),
      );
      await db.update(teams).set({ selfApproval: false }).where(eq(teams.id, actor.team.id));
    }
  });

  it("an approved rotation whose window ran out is not open: the key's page offers Rotate again, and Rotate lapses it and files a new one", async () => {
    const k = await issueRancher("rotate after a lapse");
    const before = await listGrants(db, rancherId);
    const strip = ({ id: _id, ...grant }: (typeof before)[number]) => grant;
    await replaceGrants(
      db,
      actor,
      rancherId,
      before.map((g) => ({ ...strip(g), requiresApproval: true })),
    );
    await db.update(teams).set({ selfApproval: true }).where(eq(teams.id, actor.team.id));
    try {
      const first = await rotateKey(db, actor, k.key.id, { graceHours: 1 });
      if (first.status !== "pending") throw new Error("expected a pending rotation");
      await approveRequest(db, actor, first.request.id, {});
      expect(await openRotationOf(db, actor.team.id, k.key.id)).toMatchObject({ status: "approved" });
      await db
        .update(keyRequests)
        .set({ approvalExpiresAt: new Date(Date.now() - 1000) })
        .where(eq(keyRequests.id, first.request.id));
      // Shown as lapsed everywhere before any job ran: no open rotation on the key's page.
      expect(await openRotationOf(db, actor.team.id, k.key.id)).toBeNull();
      const second = await rotateKey(db, actor, k.key.id, { graceHours: 1 });
      expect(second).toMatchObject({ status: "pending" });
      if (second.status !== "pending") return;
      expect(second.request.id).not.toBe(first.request.id);
      expect((await db.select().from(keyRequests).where(eq(keyRequests.id, first.request.id)))[0]!.status).toBe(
        "lapsed",
      );
      expect(
        await db.$count(
          auditEvents,
          and(eq(auditEvents.action, "request.lapse"), eq(auditEvents.targetId, first.request.id)),
        ),
      ).toBe(1);
      expect(await row(k.key.id)).toMatchObject({ status: "active", replacedByKeyId: null });
    } finally {
      await replaceGrants(
        db,
        actor,
        rancherId,
        before.map((g) => ({ ...strip(g), requiresApproval: g.requiresApproval })),
      );
      await db.update(teams).set({ selfApproval: false }).where(eq(teams.id, actor.team.id));
    }
  });

  it("two admins rotating one key at the same moment get one replacement and a 409", async () => {
    const k = await issueRancher("rotate twice at once");
    const results = await Promise.allSettled([
      rotateKey(db, actor, k.key.id, { graceHours: 24 }),
      rotateKey(db, actor, k.key.id, { graceHours: 24 }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(refused?.status === "rejected" ? (refused.reason as AppError).status : null).toBe(409);
    expect(await db.$count(keys, eq(keys.name, "rotate twice at once"))).toBe(2);
    expect(
      await db.$count(keyRequests, and(eq(keyRequests.replacesKeyId, k.key.id), eq(keyRequests.status, "issued"))),
    ).toBe(1);
  });

  it("a retire job that meets a vendor failure keeps the key due and active", async () => {
    const k = await issueRancher("retire fails");
    await rotateKey(db, actor, k.key.id, { graceHours: 1 });
    rancher.setFaults({ status: 503 });
    const summary = await retireDueKeys(db, new Date(Date.now() + 2 * 3_600_000));
    rancher.setFaults(null);
    expect(summary.failed).toBeGreaterThanOrEqual(1);
    expect(await row(k.key.id)).toMatchObject({ status: "active" });
    expect((await row(k.key.id)).retireAt).not.toBeNull();
  });

  it("reconcile marks a key deleted behind Keyward's back, lists a foreign key, and adopts it", async () => {
    const k = await issueRancher("deleted behind our back");
    const conn = await vendorConn(rancherId);
    await rancherAdapter.revoke!(conn, { vendorKeyId: k.key.vendorKeyId, meta: {} });
    const foreign = await rancherAdapter.mint(conn, {
      name: "made by hand",
      scope: [RANCHER_DEFAULT_ENVIRONMENT_ID],
      fields: {},
    });

    const summary = await reconcileConnection(db, actor, actor.team.id, rancherId);
    expect(summary.changed).toContainEqual(expect.objectContaining({ keyId: k.key.id, to: "drifted" }));
    expect(await row(k.key.id)).toMatchObject({ status: "drifted" });
    expect((await row(k.key.id)).meta.reconcileNote).toMatch(/deleted outside Keyward/);

    const unmanaged = await listUnmanagedKeys(db, actor.team.id, rancherId);
    const found = unmanaged.find((u) => u.vendorKeyId === foreign.vendorKeyId);
    expect(found).toMatchObject({ name: "made by hand", active: true });
    // Running it again changes nothing more and keeps one row per foreign key.
    await reconcileConnection(db, null, actor.team.id, rancherId);
    expect(
      (await listUnmanagedKeys(db, actor.team.id, rancherId)).filter((u) => u.vendorKeyId === foreign.vendorKeyId),
    ).toHaveLength(1);

    const { keyId } = await adoptUnmanagedKey(db, actor, found!.id);
    expect(await row(keyId)).toMatchObject({
      name: "made by hand",
      vendorKeyId: foreign.vendorKeyId,
      fingerprint: ADOPTED_FINGERPRINT,
      status: "active",
    });
    expect(await db.select().from(unmanagedKeys).where(eq(unmanagedKeys.id, found!.id))).toHaveLength(0);
    expect(await lastEvent()).toMatchObject({ action: "key.adopt", outcome: "success" });
    // The adopted key can be managed like any other.
    await deactivateKey(db, actor, keyId);
    expect((await row(keyId)).status).toBe("inactive");
  });

  it("reconcile that cannot reach the vendor changes nothing", async () => {
    const k = await issueRancher("still here");
    const before = await db
      .select()
      .from(keys)
      .where(and(eq(keys.connectionId, rancherId)));
    rancher.setFaults({ status: 503 });
    await rejection(reconcileConnection(db, actor, actor.team.id, rancherId));
    rancher.setFaults(null);
    expect(await db.select().from(keys).where(eq(keys.connectionId, rancherId))).toEqual(before);
    expect(await lastEvent()).toMatchObject({ action: "connection.reconcile", outcome: "failure" });
    expect((await row(k.key.id)).status).toBe("active");
  });

  it("Trend Micro: reset secret returns a new working secret once; the old one stops", async () => {
    const k = await issueTrend("trend reset");
    const reset = await resetKeySecret(db, actor, k.key.id);
    expect(reset.secret).not.toBe(k.secret);
    expect(await trendWorks(reset.secret)).toBe(true);
    expect(await trendWorks(k.secret)).toBe(false);
    const r = await row(k.key.id);
    expect(r.lastFour).toBe(reset.secret.slice(-4));
    expect(r.fingerprint).not.toBe(k.key.fingerprint);
    const event = await lastEvent();
    expect(event).toMatchObject({ action: "key.reset_secret", outcome: "success" });
    expect(JSON.stringify(event.detail)).not.toContain(reset.secret);
  });

  it("Trend Micro: deactivate, rotate keeps role and lifetime, reconcile sees deactivation outside Keyward", async () => {
    const k = await issueTrend("trend lifecycle");
    await deactivateKey(db, actor, k.key.id);
    expect(await trendWorks(k.secret)).toBe(false);
    await activateKey(db, actor, k.key.id);
    expect(await trendWorks(k.secret)).toBe(true);

    const rotated = await rotatedNow(rotateKey(db, actor, k.key.id, { graceHours: 0 }));
    expect(rotated.key.scope).toEqual([trendRole]);
    const span = new Date(rotated.key.expiresAt!).getTime() - Date.now();
    expect(span).toBeGreaterThan(29 * 86_400_000);
    expect(span).toBeLessThan(31 * 86_400_000);
    expect(await trendWorks(rotated.secret)).toBe(true);
    expect(await trendWorks(k.secret)).toBe(false);

    await trendAdapter.deactivate!(await vendorConn(trendId), { vendorKeyId: rotated.key.vendorKeyId, meta: {} });
    await reconcileConnection(db, actor, actor.team.id, trendId);
    expect(await row(rotated.key.id)).toMatchObject({ status: "inactive" });
  });

  it("Trend Micro: reconcile records when a key last signed in, as the manager reports it", async () => {
    const k = await issueTrend("trend last used");
    await reconcileConnection(db, actor, actor.team.id, trendId);
    expect((await row(k.key.id)).lastUsedAt).toBeNull();
    const before = Date.now();
    expect(await trendWorks(k.secret)).toBe(true);
    await reconcileConnection(db, null, actor.team.id, trendId);
    const used = (await row(k.key.id)).lastUsedAt;
    expect(used?.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(used?.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("another team's key answers 404", async () => {
    const k = await issueRancher("not yours");
    const stranger = { ...actor, team: { ...actor.team, id: "00000000-0000-4000-8000-000000000000" } };
    expect((await rejection(deactivateKey(db, stranger, k.key.id))).status).toBe(404);
    expect((await rejection(reconcileConnection(db, stranger, stranger.team.id, rancherId))).status).toBe(404);
  });
});
