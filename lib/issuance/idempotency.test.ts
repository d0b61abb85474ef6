import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { allRowsAsText, databaseEngines, type TestDatabase } from "@/test/support/databases";
import { testTls } from "@/test/support/tls";
import type { Db } from "@/lib/db/client";
import { issueAttempts, keyRequests, keys, memberships, users } from "@/lib/db/schema";
import { rejection } from "@/test/support/rejection";
import { seedDemo } from "@/lib/demo/seed";
import { grantAdminsEverything } from "@/test/support/grants";
import { type AppError } from "@/lib/errors";
import { approveRequest } from "@/lib/requests/decide";
import type { DirectIssueBody } from "@/lib/requests/request-input";

import { startPanosEmulator, type PanosEmulator } from "@/emulators/panos/emulator";
import { parseIdempotencyKey, staleAttempts } from "./attempts";
import { createRequest } from "./file";
import { issueFromRequest, issueKey } from "./issue";

// The intent before the vendor call, and one key per submission: on every engine, against the
// PAN-OS emulator over real HTTPS, with per-key administrators (each mint is a new vendor key).

let emulator: PanosEmulator;
let caPem: string;

beforeAll(async () => {
  const tls = await testTls();
  caPem = tls.caPem;
  emulator = await startPanosEmulator({ tls: { certPem: tls.certPem, keyPem: tls.keyPem } });
});
afterAll(() => emulator?.close());
afterEach(() => emulator.setFaults(null));

describe.each(databaseEngines())("issuing attempts and idempotency on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let admin: Actor;
  let otherAdmin: Actor;
  let member: Actor;
  let connectionId: string;

  const body = (name: string): DirectIssueBody => ({
    connectionId,
    name,
    scope: ["api-readonly"],
    fields: {},
    reason: "Idempotency test",
  });
  // A member's grant (the demo's) requires an expiry.
  const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();
  const attemptsOf = (requestId: string) =>
    db.select().from(issueAttempts).where(eq(issueAttempts.requestId, requestId));

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const seeded = await seedDemo(db, {
      adminEmail: "admin@example.com",
      adminPassword: "Seed-Admin-1",
      memberEmail: "member@example.com",
      memberPassword: "Seed-Member-1",
      demoCaPem: caPem,
      emulators: [{ vendor: "panos", emulator }],
    });
    const actor = async (email: string, role: Actor["team"]["role"]): Promise<Actor> => {
      const [u] = await db.select().from(users).where(eq(users.email, email));
      return { user: { id: u!.id, email }, team: { id: seeded.teamId, role } };
    };
    admin = await actor("admin@example.com", "admin");
    member = await actor("member@example.com", "member");
    const [second] = await db.insert(users).values({ email: "second@example.com", name: "Second admin" }).returning();
    await db.insert(memberships).values({ teamId: seeded.teamId, userId: second!.id, role: "admin" });
    otherAdmin = { user: { id: second!.id, email: "second@example.com" }, team: { id: seeded.teamId, role: "admin" } };
    connectionId = (await db.query.connections.findFirst({ where: (c, { eq: is }) => is(c.teamId, seeded.teamId) }))!
      .id;
    // Keys here are issued without expiry: the admin grant names "never" (and the own account) explicitly.
    await grantAdminsEverything(db, admin, connectionId, "panos");
  }, 60_000);
  afterAll(() => handle?.close(), 60_000);

  it("records the attempt, with the administrator's exact name, before the vendor call, and settles it with the key", async () => {
    emulator.setFaults({ latencyMs: 400 });
    const pending = issueKey(db, admin, body("Intent first"));
    // While the vendor is still answering, the intent is already in the database.
    let inFlight: (typeof issueAttempts.$inferSelect)[] = [];
    for (let i = 0; i < 50 && inFlight.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      inFlight = await db
        .select()
        .from(issueAttempts)
        .where(and(eq(issueAttempts.status, "minting"), eq(issueAttempts.userId, admin.user.id)));
    }
    expect(inFlight).toHaveLength(1);
    expect(inFlight[0]!.vendorName).toMatch(/^keyward-intent-first-[0-9a-f]{6}$/);
    const [request] = await db.select().from(keyRequests).where(eq(keyRequests.id, inFlight[0]!.requestId));
    expect(request).toMatchObject({ status: "approved", issuingSince: expect.any(Date) });
    expect((await staleAttempts(db, 0)).map((a) => a.id)).toContain(inFlight[0]!.id);
    expect((await staleAttempts(db, 60_000)).map((a) => a.id)).not.toContain(inFlight[0]!.id);

    const issued = await pending;
    expect(emulator.firewall.keyOwner(issued.secret)?.name).toBe(inFlight[0]!.vendorName);
    const [settled] = await attemptsOf(inFlight[0]!.requestId);
    expect(settled).toMatchObject({
      status: "recorded",
      keyId: issued.key.id,
      settledAt: expect.any(Date),
      vendorName: inFlight[0]!.vendorName,
    });
    expect(issued.key.vendorKeyId).toBe(`admin:${inFlight[0]!.vendorName}`);
    expect((await staleAttempts(db, 0)).map((a) => a.id)).not.toContain(settled!.id);
  });

  it("gives each attempt a vendor-side name of its own, even for the same key name", async () => {
    const a = await issueKey(db, admin, body("Same name"));
    const b = await issueKey(db, admin, body("Same name"));
    const [ra] = await attemptsOf(a.key.requestId!);
    const [rb] = await attemptsOf(b.key.requestId!);
    expect(ra!.vendorName).not.toBe(rb!.vendorName);
  });

  it("marks a failed vendor call's attempt failed and leaves the request retryable; the retry is a new attempt with a new name", async () => {
    emulator.setFaults({ status: 500, remaining: 1_000 });
    const err = await rejection(issueKey(db, admin, body("Fails first")));
    emulator.setFaults(null);
    const [request] = await db
      .select()
      .from(keyRequests)
      .where(and(eq(keyRequests.name, "Fails first"), eq(keyRequests.requesterId, admin.user.id)));
    expect(request).toMatchObject({ status: "approved", issuingSince: null });
    const [failed] = await attemptsOf(request!.id);
    expect(failed).toMatchObject({
      status: "failed",
      failureCode: err.code,
      failureMessage: err.message,
      keyId: null,
      settledAt: expect.any(Date),
    });

    const retried = await issueFromRequest(db, admin, request!.id);
    const attempts = await attemptsOf(request!.id);
    expect(attempts).toHaveLength(2);
    const retry = attempts.find((a) => a.id !== failed!.id)!;
    expect(retry).toMatchObject({ status: "recorded", keyId: retried.key.id });
    expect(retry.vendorName).not.toBe(failed!.vendorName);
  });

  it("says an attempt is unsettled when a second Issue meets a request still being issued", async () => {
    const request = await createRequest(db, member, {
      ...body("Slow one"),
      expiresAt: inAMonth(),
      reason: "Slow vendor",
    });
    await approveRequest(db, admin, request.id, {});
    emulator.setFaults({ latencyMs: 500 });
    const first = issueFromRequest(db, member, request.id);
    await new Promise((r) => setTimeout(r, 100));
    const second = await rejection(issueFromRequest(db, member, request.id));
    expect(second).toMatchObject({
      status: 409,
      message: expect.stringMatching(
        /already being issued.*an issuing attempt started at .* \(on the vendor it is named “keyward-slow-one-[0-9a-f]{6}”\) has not settled yet.*retried after/,
      ),
    });
    await first;
  });

  it("20 identical parallel submissions (one Idempotency-Key) file one request and mint one key; the others get 409 and no secret", async () => {
    const idempotencyKey = randomUUID();
    const before = {
      live: emulator.inspect().liveKeys,
      requests: await db.$count(keyRequests),
      keys: await db.$count(keys),
    };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => issueKey(db, admin, body("Double click"), { idempotencyKey })),
    );
    const won = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    const lost = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as AppError] : []));
    expect(won, lost.map((e) => e.message).join(" | ")).toHaveLength(1);
    expect(lost).toHaveLength(19);
    const requestId = won[0]!.key.requestId;
    for (const e of lost) {
      expect(e).toMatchObject({ status: 409, code: "duplicate_submission" });
      expect(e.extra?.outcome).toMatchObject({ requestId, status: expect.stringMatching(/^(issuing|issued)$/) });
      expect(JSON.stringify(e.extra)).not.toContain(won[0]!.secret);
      expect(e.message).not.toContain(won[0]!.secret);
    }
    expect(emulator.inspect().liveKeys).toBe(before.live + 1);
    expect(await db.$count(keyRequests)).toBe(before.requests + 1);
    expect(await db.$count(keys)).toBe(before.keys + 1);

    // Later repeats (a retry after a lost answer) learn the outcome: the key, never its secret.
    const repeat = await rejection(issueKey(db, admin, body("Double click"), { idempotencyKey }));
    expect(repeat).toMatchObject({
      status: 409,
      code: "duplicate_submission",
      extra: { outcome: { status: "issued", keyId: won[0]!.key.id, requestId } },
    });
    expect(repeat.message).toContain("cannot be shown again");
    expect(await allRowsAsText(db)).not.toContain(won[0]!.secret);
  });

  it("a repeat of a failed submission is told it failed; a new submission (new key, or none) issues", async () => {
    const idempotencyKey = randomUUID();
    emulator.setFaults({ status: 500, remaining: 1_000 });
    const first = await rejection(issueKey(db, admin, body("Failed submission"), { idempotencyKey }));
    emulator.setFaults(null);
    const repeat = await rejection(issueKey(db, admin, body("Failed submission"), { idempotencyKey }));
    expect(repeat).toMatchObject({
      status: 409,
      code: "duplicate_submission",
      extra: { outcome: { status: "failed", keyId: null } },
    });
    expect(repeat.message).toContain(first.message);
    expect(
      (await issueKey(db, admin, body("Failed submission"), { idempotencyKey: randomUUID() })).secret,
    ).toBeTruthy();
  });

  it("without the header every call is a new submission; the same key from another user is theirs alone", async () => {
    const a = await issueKey(db, admin, body("No header"));
    const b = await issueKey(db, admin, body("No header"));
    expect(a.key.id).not.toBe(b.key.id);
    const shared = randomUUID();
    const mine = await issueKey(db, admin, body("Shared key"), { idempotencyKey: shared });
    const theirs = await issueKey(db, otherAdmin, body("Shared key"), { idempotencyKey: shared });
    expect(mine.key.id).not.toBe(theirs.key.id);
  });

  it("the requester's Issue with an Idempotency-Key: 20 parallel repeats give one key, a later repeat the key's id", async () => {
    const request = await createRequest(db, member, {
      ...body("Member double click"),
      expiresAt: inAMonth(),
      reason: "Needs it",
    });
    await approveRequest(db, admin, request.id, {});
    const idempotencyKey = randomUUID();
    const live = emulator.inspect().liveKeys;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => issueFromRequest(db, member, request.id, { idempotencyKey })),
    );
    const won = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    expect(
      won,
      outcomes.map((o) => (o.status === "rejected" ? String((o.reason as Error).message) : "ok")).join(" | "),
    ).toHaveLength(1);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toMatchObject({ status: 409 });
    expect(emulator.inspect().liveKeys).toBe(live + 1);
    const repeat = await rejection(issueFromRequest(db, member, request.id, { idempotencyKey }));
    expect(repeat).toMatchObject({
      status: 409,
      code: "duplicate_submission",
      extra: { outcome: { status: "issued", keyId: won[0]!.key.id } },
    });
  });

  it("accepts a printable token as Idempotency-Key and refuses anything else with 400", () => {
    expect(parseIdempotencyKey(null)).toBeUndefined();
    expect(parseIdempotencyKey("5f0c6f0e-7c1b-4d7e-9a53-3b1f3f0b2a11")).toBe("5f0c6f0e-7c1b-4d7e-9a53-3b1f3f0b2a11");
    for (const bad of ["", "has space", "x".repeat(256), "tab\there"])
      expect(() => parseIdempotencyKey(bad)).toThrow(expect.objectContaining({ status: 400 }));
  });
});
