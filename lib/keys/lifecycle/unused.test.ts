import { and, desc, eq, like } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { testTls } from "@/test/support/tls";
import { grantAdminsEverything } from "@/test/support/grants";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import {
  auditEvents,
  connections,
  keys,
  notificationOutbox,
  notifications,
  unusedReminders,
  users,
} from "@/lib/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { toVendorConnection } from "@/lib/connections/credentials";
import type { VendorEmulator } from "@/emulators/kit";
import { startTrendEmulator } from "@/emulators/trend/emulator";
import { startRancherEmulator, RANCHER_DEFAULT_ENVIRONMENT_ID } from "@/emulators/rancher/emulator";
import { trendAdapter } from "@/lib/vendors/trend/adapter";
import { issueKey } from "@/lib/issuance/issue";
import { errorResponse, readBody } from "@/lib/api/http";
import { needsSudo } from "@/lib/auth/permissions";
import { unusedPolicyBodySchema } from "@/lib/policies/unused-policy-input";
import { updateUnusedPolicy } from "@/lib/policies/unused-policy";
import { enforceUnusedKeyPolicy } from "./unused";

// The team policy "revoke keys unused for N days", over real HTTPS to the Trend and Rancher
// emulators on every engine: one reminder per key and idle period, a week's notice, then the
// ordinary revoke, audited with its reason; vendors that report no last use are left alone.

process.env.KEYWARD_VENDOR_TIMEOUT_MS = "2000";
const DAY = 86_400_000;

let trend: VendorEmulator;
let rancher: VendorEmulator;
let caPem: string;

beforeAll(async () => {
  const tls = await testTls();
  caPem = tls.caPem;
  trend = await startTrendEmulator({ tls: { certPem: tls.certPem, keyPem: tls.keyPem } });
  rancher = await startRancherEmulator({ tls: { certPem: tls.certPem, keyPem: tls.keyPem }, transitionMs: 20 });
});
afterAll(async () => {
  await trend?.close();
  await rancher?.close();
});

describe("the policy's input", () => {
  const put = async (body: unknown) => {
    const req = new NextRequest("http://127.0.0.1:3000/api/team/unused-policy", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    try {
      return { ok: true as const, value: await readBody(req, unusedPolicyBodySchema) };
    } catch (err) {
      const res = errorResponse(err);
      return {
        ok: false as const,
        status: res.status,
        body: (await res.json()) as { error: { fields?: Record<string, string> } },
      };
    }
  };

  it("takes 7 to 365 days, or empty for off, and refuses anything else with 422 saying the bounds", async () => {
    expect(await put({ revokeUnusedAfterDays: 90 })).toEqual({ ok: true, value: { revokeUnusedAfterDays: 90 } });
    expect(await put({ revokeUnusedAfterDays: "30" })).toEqual({ ok: true, value: { revokeUnusedAfterDays: 30 } });
    expect(await put({ revokeUnusedAfterDays: "" })).toEqual({ ok: true, value: { revokeUnusedAfterDays: null } });
    expect(await put({ revokeUnusedAfterDays: null })).toEqual({ ok: true, value: { revokeUnusedAfterDays: null } });
    for (const bad of [6, 366, 30.5, "soon", true]) {
      const res = await put({ revokeUnusedAfterDays: bad });
      expect(res).toMatchObject({ ok: false, status: 422 });
      if (!res.ok)
        expect(res.body.error.fields?.revokeUnusedAfterDays).toBe(
          "Enter 7 to 365 days, or leave it empty to turn the policy off.",
        );
    }
  });

  it("is changed under sudo, as every policy is", () => {
    expect(needsSudo("policy.manage")).toBe(true);
  });
});

describe.each(databaseEngines())("unused-key policy on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let actor: Actor;
  let trendId: string;
  let rancherId: string;
  let trendRole: string;

  const row = async (id: string) => (await db.select().from(keys).where(eq(keys.id, id)))[0]!;
  const vendorConn = async (id: string) =>
    toVendorConnection((await db.select().from(connections).where(eq(connections.id, id)))[0]!);
  const trendWorks = async (secret: string) => trendAdapter.verifyKey!(await vendorConn(trendId), { secret, meta: {} });
  const issueTrend = (name: string) =>
    issueKey(db, actor, {
      connectionId: trendId,
      name,
      scope: [trendRole],
      expiresAt: new Date(Date.now() + 60 * DAY).toISOString(),
      fields: {},
      reason: "unused test",
    });
  /** What reconcile would have recorded: seen at `seenAt`, last used at `usedAt` (null: never). */
  const reconciled = (id: string, seenAt: Date, usedAt: Date | null, issuedAt?: Date) =>
    db
      .update(keys)
      .set({ lastSeenAt: seenAt, lastUsedAt: usedAt, ...(issuedAt ? { issuedAt } : {}) })
      .where(eq(keys.id, id));
  const unusedNotices = async (name: string) =>
    db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.userId, actor.user.id), like(notifications.message, `Key “${name}” has not been used%`)),
      );

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const { teamId } = await seedDemo(db, {
      adminEmail: "admin@example.com",
      adminPassword: "Seed-Admin-1",
      demoCaPem: caPem,
      emulators: [
        { vendor: "trend", emulator: trend },
        { vendor: "rancher", emulator: rancher },
      ],
    });
    const [admin] = await db.select().from(users).where(eq(users.email, "admin@example.com"));
    actor = { user: { id: admin!.id, email: admin!.email }, team: { id: teamId, role: "admin" } };
    const rows = await db.select().from(connections).where(eq(connections.teamId, teamId));
    trendId = rows.find((r) => r.vendor === "trend")!.id;
    rancherId = rows.find((r) => r.vendor === "rancher")!.id;
    trendRole = (await trendAdapter.listRoles(await vendorConn(trendId)))[0]!.id;
    await grantAdminsEverything(db, actor, trendId, "trend");
    await grantAdminsEverything(db, actor, rancherId, "rancher");
  }, 120_000);
  afterAll(() => handle?.close());

  it("reminds the owner once per idle period, revokes a week later through the audited revoke, and spares keys used meanwhile", async () => {
    const t0 = new Date();
    const idle = await issueTrend("idle since spring");
    const neverUsed = await issueTrend("never used");
    const usedLater = await issueTrend("used after the reminder");
    const busy = await issueTrend("in use");
    const rancherOld = await issueKey(db, actor, {
      connectionId: rancherId,
      name: "rancher, not reported",
      scope: [RANCHER_DEFAULT_ENVIRONMENT_ID],
      fields: {},
      reason: "unused test",
    });
    await reconciled(idle.key.id, t0, new Date(t0.getTime() - 40 * DAY));
    await reconciled(neverUsed.key.id, t0, null, new Date(t0.getTime() - 35 * DAY));
    await reconciled(usedLater.key.id, t0, new Date(t0.getTime() - 45 * DAY));
    await reconciled(busy.key.id, t0, new Date(t0.getTime() - 2 * DAY));
    await reconciled(rancherOld.key.id, t0, null, new Date(t0.getTime() - 400 * DAY));

    // Off: nothing happens, however idle.
    expect(await enforceUnusedKeyPolicy(db, t0)).toEqual({ reminded: 0, revoked: 0, byHand: 0, failed: 0 });

    await updateUnusedPolicy(db, actor, { revokeUnusedAfterDays: 30 });
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "policy.update"))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(audit!.detail).toMatchObject({
      before: { revokeUnusedAfterDays: null },
      after: { revokeUnusedAfterDays: 30 },
    });

    // Two instances at once still remind each idle key exactly once.
    const [a, b] = await Promise.all([enforceUnusedKeyPolicy(db, t0), enforceUnusedKeyPolicy(db, t0)]);
    expect(a.reminded + b.reminded).toBe(3);
    expect(a.revoked + b.revoked).toBe(0);
    expect(await enforceUnusedKeyPolicy(db, t0)).toMatchObject({ reminded: 0, revoked: 0 });
    const [notice] = await unusedNotices("idle since spring");
    expect(notice!.message).toBe(
      `Key “idle since spring” has not been used for 40 days; it will be revoked on ${new Date(t0.getTime() + 7 * DAY).toISOString().slice(0, 10)}.`,
    );
    expect(notice!.link).toBe(`/keys/${idle.key.id}`);
    for (const k of ["idle since spring", "never used", "used after the reminder"])
      expect(await unusedNotices(k)).toHaveLength(1);
    expect(await unusedNotices("in use")).toHaveLength(0);
    expect(await unusedNotices("rancher, not reported")).toHaveLength(0);
    const mails = await db.select().from(notificationOutbox).where(eq(notificationOutbox.event, "key.unused"));
    expect(mails).toHaveLength(3);
    expect(mails.every((m) => m.recipient === "admin@example.com")).toBe(true);

    // Six days on: still within the week's notice.
    const t6 = new Date(t0.getTime() + 6 * DAY);
    for (const k of [idle, neverUsed, usedLater, busy, rancherOld])
      await db.update(keys).set({ lastSeenAt: t6 }).where(eq(keys.id, k.key.id));
    expect(await enforceUnusedKeyPolicy(db, t6)).toMatchObject({ reminded: 0, revoked: 0 });

    // One key is used before the deadline: a new idle period, so no revoke and no second reminder yet.
    const t8 = new Date(t0.getTime() + 8 * DAY);
    for (const k of [idle, neverUsed, usedLater, busy, rancherOld])
      await db.update(keys).set({ lastSeenAt: t8 }).where(eq(keys.id, k.key.id));
    await db
      .update(keys)
      .set({ lastUsedAt: new Date(t0.getTime() + 7 * DAY) })
      .where(eq(keys.id, usedLater.key.id));
    expect(await enforceUnusedKeyPolicy(db, t8)).toEqual({ reminded: 0, revoked: 2, byHand: 0, failed: 0 });

    for (const k of [idle, neverUsed]) {
      expect((await row(k.key.id)).status).toBe("revoked");
      expect(await trendWorks(k.secret)).toBe(false);
      const [event] = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "key.revoke"), eq(auditEvents.targetId, k.key.id)));
      expect(event).toMatchObject({
        outcome: "success",
        actorId: null,
        detail: expect.objectContaining({ why: "unused", reason: "unused for 30 days" }),
      });
    }
    const [ended] = await db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, actor.user.id),
          like(notifications.message, "Key “idle since spring” was revoked%"),
        ),
      );
    expect(ended!.message).toBe("Key “idle since spring” was revoked: unused for 30 days, the team's limit.");
    for (const k of [usedLater, busy]) {
      expect((await row(k.key.id)).status).toBe("active");
      expect(await trendWorks(k.secret)).toBe(true);
    }
    expect((await row(rancherOld.key.id)).status).toBe("active");

    // Nothing twice, and the key used meanwhile gets its own reminder once its new period is long enough.
    expect(await enforceUnusedKeyPolicy(db, t8)).toMatchObject({ reminded: 0, revoked: 0 });
    const t31 = new Date(t0.getTime() + 31 * DAY);
    await db.update(keys).set({ lastSeenAt: t31 }).where(eq(keys.id, usedLater.key.id));
    // The busy key kept being used all along.
    await reconciled(busy.key.id, t31, new Date(t0.getTime() + 30 * DAY));
    expect(await enforceUnusedKeyPolicy(db, t31)).toMatchObject({ reminded: 1, revoked: 0 });
    expect(await unusedNotices("used after the reminder")).toHaveLength(2);
    expect(await db.select().from(unusedReminders).where(eq(unusedReminders.keyId, usedLater.key.id))).toHaveLength(2);
  });

  it("holds a revoke back while reconcile has not seen the key lately: a stale last use is no evidence", async () => {
    await updateUnusedPolicy(db, actor, { revokeUnusedAfterDays: 30 });
    const t0 = new Date();
    const k = await issueTrend("stale reconcile");
    await reconciled(k.key.id, t0, new Date(t0.getTime() - 60 * DAY));
    expect(await enforceUnusedKeyPolicy(db, t0)).toMatchObject({ reminded: 1 });
    // Eight days on, but reconcile last saw the key at t0 (the vendor was unreachable since).
    expect(await enforceUnusedKeyPolicy(db, new Date(t0.getTime() + 8 * DAY))).toMatchObject({ revoked: 0 });
    expect((await row(k.key.id)).status).toBe("active");
    expect(await trendWorks(k.secret)).toBe(true);
    await updateUnusedPolicy(db, actor, { revokeUnusedAfterDays: null });
  });
});
