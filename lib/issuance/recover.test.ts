import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { auditEvents, issueAttempts, keyRequests, notificationOutbox, notifications } from "@/lib/db/schema";
import { seedTestTeam } from "@/test/support/seeded-team";
import { toVendorConnection } from "@/lib/connections/credentials";
import { ManualClock } from "@/lib/jobs/clock";
import { JobRunner } from "@/lib/jobs/runner";
import { adapterFor } from "@/lib/vendors/registry";
import type { MintResult, VendorConnection, VendorId } from "@/lib/vendors/types";
import { configSet, connectionAuth, passwordHash } from "@/lib/vendors/panos/client";
import { adminXpath } from "@/lib/vendors/panos/admins";
import { trendAdapter } from "@/lib/vendors/trend/adapter";
import { RANCHER_DEFAULT_ENVIRONMENT_ID } from "@/emulators/rancher/emulator";
import { suiteEmulators } from "@/test/support/suite-emulators";
import { rejection } from "@/test/support/rejection";
import type { DirectIssueBody } from "@/lib/requests/request-input";
import { fileRequest } from "./file";
import { issueFromRequest } from "./issue";
import { mintKey } from "./mint";
import { recoverStaleAttempts } from "./recover";
import { recoverJob } from "./recover-job";
import { confirmRetiredByHand, listUndeliveredAttempts } from "./retired-by-hand";
import type { Claimed } from "./types";

// The recovery sweep against each vendor's emulator over real HTTPS: a console that "died" after
// recording its attempt — before the vendor call, or after it and before the record — leaves a
// request held and maybe a vendor key; the sweep must take the key back (or flag it undelivered),
// release the request with an accurate message and audit each step, once.

const MINUTE = 60_000;
const emulators = suiteEmulators(["panos", "expedition", "xsiam", "trend", "rancher"] as const);

describe.each(databaseEngines())("the recovery sweep on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let actor: { user: { id: string; email: string }; team: { id: string; role: "admin" } };
  const conn: Partial<Record<VendorId, { id: string; vendor: VendorConnection }>> = {};
  let trendRole: string;
  let counter = 0;

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const seeded = await seedTestTeam(db, { demoCaPem: emulators.caPem(), emulators: emulators.all() });
    actor = { user: seeded.admin.user, team: { id: seeded.teamId, role: "admin" } };
    for (const row of seeded.connections)
      conn[row.vendor as VendorId] = { id: row.id, vendor: toVendorConnection(row) };
    trendRole = (await trendAdapter.listRoles(conn.trend!.vendor))[0]!.id;
  }, 120_000);
  afterAll(() => handle?.close());

  const in30Days = () => new Date(Date.now() + 30 * 86_400_000).toISOString();
  const bodies: Record<VendorId, (name: string) => DirectIssueBody> = {
    panos: (name) => ({ connectionId: conn.panos!.id, name, scope: ["api-readonly"], fields: {}, reason: "crash" }),
    expedition: (name) => ({ connectionId: conn.expedition!.id, name, scope: [], fields: {}, reason: "crash" }),
    xsiam: (name) => ({
      connectionId: conn.xsiam!.id,
      name,
      scope: ["Investigator"],
      securityLevel: "standard",
      expiresAt: in30Days(),
      fields: {},
      reason: "crash",
    }),
    trend: (name) => ({
      connectionId: conn.trend!.id,
      name,
      scope: [trendRole],
      expiresAt: in30Days(),
      fields: {},
      reason: "crash",
    }),
    rancher: (name) => ({
      connectionId: conn.rancher!.id,
      name,
      scope: [RANCHER_DEFAULT_ENVIRONMENT_ID],
      fields: {},
      reason: "crash",
    }),
  };

  /** A console that files the request with its attempt, then dies — before the vendor call, or after it. */
  async function crashedIssue(vendor: VendorId, reach: "before-vendor" | "after-vendor", body?: DirectIssueBody) {
    const filed = await fileRequest({
      db,
      actor,
      body: { reason: "crash", ...(body ?? bodies[vendor](`crash-${vendor}-${++counter}`)) },
      requireAutoApproval: true,
      issueNow: {},
    });
    const claimed: Claimed = filed.claimed!;
    const minted: MintResult | null = reach === "after-vendor" ? (await mintKey(claimed)).minted : null;
    return { claimed, minted, requestId: claimed.request.id, attemptId: claimed.attempt.id };
  }

  /** The sweep as the job runs it, as if the claim timeout had passed since the crash. */
  const sweepLater = () => recoverStaleAttempts(db, new Date(Date.now() + 10 * MINUTE), 5 * MINUTE);

  const attempt = async (id: string) => (await db.select().from(issueAttempts).where(eq(issueAttempts.id, id)))[0]!;
  const request = async (id: string) => (await db.select().from(keyRequests).where(eq(keyRequests.id, id)))[0]!;
  const events = (requestId: string, action: string) =>
    db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, requestId), eq(auditEvents.action, action)));
  const works = (vendor: VendorId, minted: MintResult) =>
    adapterFor(vendor)!.verifyKey!(conn[vendor]!.vendor, {
      secret: minted.secret,
      publicId: minted.publicId,
      meta: minted.meta,
    });

  describe.each(["panos", "xsiam", "trend", "rancher"] as const)("%s (the vendor lists and revokes)", (vendor) => {
    it("revokes the key a console left between the vendor and the database, and makes the request issuable again", async () => {
      const crash = await crashedIssue(vendor, "after-vendor");
      expect(await works(vendor, crash.minted!)).toBe(true);
      // Until the sweep, the request stays held: a retry would add a second key beside the first.
      await db
        .update(keyRequests)
        .set({ issuingSince: new Date(Date.now() - 10 * MINUTE) })
        .where(eq(keyRequests.id, crash.requestId));
      const early = await rejection(issueFromRequest(db, actor, crash.requestId));
      expect(early.status).toBe(409);
      expect(early.message).toMatch(/has not settled yet.*recovery sweep/);

      const reports = (await sweepLater()).filter((r) => r.attemptId === crash.attemptId);
      expect(reports).toEqual([
        { attemptId: crash.attemptId, requestId: crash.requestId, result: "recovered", revoked: expect.any(Array) },
      ]);
      expect(reports[0]!.revoked).toHaveLength(1);
      expect(await works(vendor, crash.minted!)).toBe(false);
      expect(await attempt(crash.attemptId)).toMatchObject({
        status: "recovered",
        failureCode: "interrupted_revoked",
        failureMessage: expect.stringMatching(/console stopped while issuing.*was found and revoked.*Issue it again/),
      });
      expect(await request(crash.requestId)).toMatchObject({ status: "approved", issuingSince: null });
      expect(await events(crash.requestId, "issuance.recover.revoke")).toHaveLength(1);
      const [settled] = await events(crash.requestId, "issuance.recover");
      expect(settled).toMatchObject({ outcome: "success", actorId: null });
      // The requester is told, in the console, what happened and what to do.
      const told = await db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.userId, actor.user.id),
            eq(notifications.message, (await attempt(crash.attemptId)).failureMessage!),
          ),
        );
      expect(told).toHaveLength(1);

      // A second sweep finds nothing left to do.
      expect((await sweepLater()).filter((r) => r.attemptId === crash.attemptId)).toEqual([]);
      // The retry issues one new key.
      const retried = await issueFromRequest(db, actor, crash.requestId);
      expect(retried.key.status).toBe("active");
      expect(retried.secret).not.toBe(crash.minted!.secret);
    });

    it("settles an attempt whose console died before the vendor call, saying nothing was left", async () => {
      const crash = await crashedIssue(vendor, "before-vendor");
      const [report] = (await sweepLater()).filter((r) => r.attemptId === crash.attemptId);
      expect(report).toMatchObject({ result: "recovered", revoked: [] });
      expect(await attempt(crash.attemptId)).toMatchObject({
        status: "recovered",
        failureCode: "interrupted_nothing_left",
        failureMessage: expect.stringMatching(/holds no key named “keyward-/),
      });
      expect(await request(crash.requestId)).toMatchObject({ status: "approved", issuingSince: null });
    });
  });

  it("PAN-OS: deletes and commits a per-key administrator a console created but never committed", async () => {
    const crash = await crashedIssue("panos", "before-vendor");
    const name = crash.claimed.attempt.vendorName!;
    const vc = conn.panos!.vendor;
    // What the mint writes first: the administrator with its password hash, not yet committed.
    const phash = await passwordHash(vc, "Crash-Pass-1x", connectionAuth(vc));
    await configSet(
      vc,
      adminXpath(name),
      `<phash>${phash}</phash><permissions><role-based><custom><profile>api-readonly</profile></custom></role-based></permissions>`,
      connectionAuth(vc),
      { action: "create the administrator" },
    );
    expect(emulators.get("panos").inspect().candidateUsers).toContain(name);
    const [report] = (await sweepLater()).filter((r) => r.attemptId === crash.attemptId);
    expect(report).toMatchObject({ result: "recovered", revoked: [`admin:${name}`] });
    expect(emulators.get("panos").inspect().candidateUsers).not.toContain(name);
    expect(
      emulators
        .get("panos")
        .inspect()
        .users.map((u) => u.name),
    ).not.toContain(name);
    expect(
      emulators
        .get("panos")
        .inspect()
        .pendingChanges.filter((c) => c.name === name),
    ).toEqual([]);
  });

  it("leaves the attempt for the next run when the vendor cannot be reached, and audits the failure", async () => {
    const crash = await crashedIssue("xsiam", "after-vendor");
    emulators.get("xsiam").setFaults({ status: 503, remaining: 1_000 });
    try {
      const [report] = (await sweepLater()).filter((r) => r.attemptId === crash.attemptId);
      expect(report?.result).toBe("vendor_failed");
    } finally {
      emulators.get("xsiam").setFaults(null);
    }
    expect((await attempt(crash.attemptId)).status).toBe("minting");
    expect(await events(crash.requestId, "issuance.recover")).toEqual([
      expect.objectContaining({ outcome: "failure" }),
    ]);
    const [report] = (await sweepLater()).filter((r) => r.attemptId === crash.attemptId);
    expect(report?.result).toBe("recovered");
    expect(await works("xsiam", crash.minted!)).toBe(false);
  });

  it.each([
    ["Expedition (no way to list or revoke keys)", "expedition" as const, undefined],
    [
      "PAN-OS, a key of the connection's own account",
      "panos" as const,
      { connectionId: "", name: "own", scope: [], fields: {}, reason: "crash" } satisfies DirectIssueBody,
    ],
  ])(
    "%s: flags the attempt undelivered — retire by hand — and refuses a retry until an admin confirms",
    async (_, vendor, own) => {
      const body = own ? { ...own, connectionId: conn[vendor]!.id, name: `own-${++counter}` } : undefined;
      const crash = await crashedIssue(vendor, "after-vendor", body);
      const [report] = (await sweepLater()).filter((r) => r.attemptId === crash.attemptId);
      expect(report).toMatchObject({ result: "undelivered", revoked: [] });
      expect(await attempt(crash.attemptId)).toMatchObject({
        status: "undelivered",
        failureMessage: expect.stringMatching(/neither find nor revoke.*undelivered — retire by hand/),
      });
      expect((await listUndeliveredAttempts(db, actor.team.id)).map((a) => a.id)).toContain(crash.attemptId);
      // The admins are told, in the transaction that settled the attempt (one transaction id).
      const [told] = await db
        .select({ subject: notificationOutbox.subject, xmin: sql<string>`xmin::text` })
        .from(notificationOutbox)
        .where(
          and(
            eq(notificationOutbox.event, "key.undelivered"),
            eq(
              notificationOutbox.dedupeKey,
              `key.undelivered:attempt:${crash.attemptId}:undelivered:${actor.user.id}:email`,
            ),
          ),
        );
      expect(told?.subject).toMatch(/^An interrupted issue of “.+” may have left a key on .+: retire it by hand\.$/);
      const [settled] = await db
        .select({ xmin: sql<string>`xmin::text` })
        .from(auditEvents)
        .where(and(eq(auditEvents.targetId, crash.requestId), eq(auditEvents.action, "issuance.recover")));
      expect(told!.xmin).toBe(settled!.xmin);
      expect(await request(crash.requestId)).toMatchObject({ status: "approved", issuingSince: null });

      const refused = await rejection(issueFromRequest(db, actor, crash.requestId));
      expect(refused).toMatchObject({
        status: 409,
        message: expect.stringMatching(/Until an admin confirms it is retired/),
      });

      await confirmRetiredByHand(db, actor, crash.attemptId);
      expect((await listUndeliveredAttempts(db, actor.team.id)).map((a) => a.id)).not.toContain(crash.attemptId);
      expect(await events(crash.requestId, "issuance.retired_by_hand")).toHaveLength(1);
      expect(await rejection(confirmRetiredByHand(db, actor, crash.attemptId))).toMatchObject({ status: 409 });
      const retried = await issueFromRequest(db, actor, crash.requestId);
      expect(retried.secret.length).toBeGreaterThan(0);
    },
  );

  it("two console instances sweeping at once settle an attempt exactly once", async () => {
    const crash = await crashedIssue("rancher", "after-vendor");
    const other = handle.openAnother ? await handle.openAnother() : null;
    try {
      const clock = new ManualClock(new Date(Date.now() + 10 * MINUTE));
      const job = recoverJob({ afterSeconds: 300, everySeconds: 120 });
      const log = () => undefined;
      const a = new JobRunner({ db, jobs: [job], clock, owner: "instance-a", log });
      const b = new JobRunner({ db: other?.db ?? db, jobs: [job], clock, owner: "instance-b", log });
      await Promise.all([a.prepare(), b.prepare()]);
      const reports = (await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()])).flat();
      expect(reports.filter((r) => r.ok)).toHaveLength(1);
    } finally {
      await other?.close();
    }
    expect(await events(crash.requestId, "issuance.recover")).toHaveLength(1);
    expect(await events(crash.requestId, "issuance.recover.revoke")).toHaveLength(1);
    expect((await attempt(crash.attemptId)).status).toBe("recovered");
    expect(await works("rancher", crash.minted!)).toBe(false);
  });
});
