import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { allRowsAsText, databaseEngines, type TestDatabase } from "@/test/support/databases";
import { testTls } from "@/test/support/tls";
import type { Db } from "@/lib/db/client";
import { auditEvents, issueAttempts, keyRequests, keys, notificationOutbox } from "@/lib/db/schema";
import { seedTestTeam } from "@/test/support/seeded-team";
import { AppError } from "@/lib/errors";
import { adapterFor } from "@/lib/vendors/registry";
import type { MintProgress, MintResult } from "@/lib/vendors/types";
import { startPanosEmulator, type PanosEmulator } from "@/emulators/panos/emulator";
import type { Actor } from "@/lib/auth/actor";
import { approveRequest } from "@/lib/requests/decide";
import type { RequestBody } from "@/lib/requests/request-input";
import { rejection } from "@/test/support/rejection";
import { createRequest } from "./file";
import { issueFromRequest } from "./issue";
import { takeBack } from "./take-back";

// Take-back: a requester who leaves before the answer is written gets no key, and the vendor keeps none either.

let emulator: PanosEmulator;
let caPem: string;

beforeAll(async () => {
  const tls = await testTls();
  caPem = tls.caPem;
  emulator = await startPanosEmulator({ tls: { certPem: tls.certPem, keyPem: tls.keyPem } });
});
afterAll(() => emulator?.close());

/** The secrets the vendor handed out during a test, caught on their way to the pipeline. */
function catchSecrets(): string[] {
  const adapter = adapterFor("panos")!;
  const mint = adapter.mint.bind(adapter);
  const seen: string[] = [];
  vi.spyOn(adapter, "mint").mockImplementation(async (...args) => {
    const minted: MintResult = await mint(...args);
    seen.push(minted.secret);
    return minted;
  });
  return seen;
}

describe.each(databaseEngines())("take-back on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let admin: Actor;
  let member: Actor;
  let connectionId: string;

  const approved = async (over: Partial<RequestBody>) => {
    const request = await createRequest(db, member, {
      connectionId,
      name: "left early",
      scope: ["api-readonly"],
      fields: {},
      reason: "Nightly export",
      // Members' keys expire (least privilege: only a grant that says so allows "never").
      expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
      ...over,
    });
    await approveRequest(db, admin, request.id, {});
    return request;
  };
  /** A watcher that leaves the moment the mint reaches `step`. */
  const leavingAt = (step: string) => {
    const leave = new AbortController();
    return {
      signal: leave.signal,
      progress: (p: MintProgress) => {
        if (p.step === step && (p.step !== "commit" || (p.percent ?? 0) > 0)) leave.abort();
      },
    };
  };
  const requestRow = async (id: string) => (await db.select().from(keyRequests).where(eq(keyRequests.id, id)))[0]!;

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const seeded = await seedTestTeam(db, { demoCaPem: caPem, emulators: [{ vendor: "panos", emulator }] });
    ({ admin, member } = seeded);
    connectionId = seeded.connections[0]!.id;
  }, 60_000);
  afterAll(() => handle?.close(), 60_000);
  afterEach(() => {
    vi.restoreAllMocks();
    emulator.firewall.commitDurationMs = [100, 300];
  });

  it("a requester gone once the key exists: the key is revoked on the vendor, flagged undelivered, and the request issues again", async () => {
    const secrets = catchSecrets();
    const request = await approved({ name: "gone after keygen" });
    const before = emulator.inspect();
    const err = await rejection(
      issueFromRequest(db, member, request.id, { delivery: leavingAt("key_created") }),
      AppError,
    );
    expect([err.code, err.status]).toEqual(["issue_cancelled", 409]);
    expect(err.message).toContain("It was revoked on the vendor.");
    // The vendor: the secret no longer works, and the per-key administrator is gone from the running config.
    expect(secrets).toHaveLength(1);
    expect(emulator.firewall.keyOwner(secrets[0]!)).toBeNull();
    expect(emulator.inspect().users).toEqual(before.users);
    // Keyward: the key is on record as revoked and undelivered, detached from the request, which is approved again.
    const [key] = await db.select().from(keys).where(eq(keys.name, "gone after keygen"));
    expect(key).toMatchObject({ status: "revoked", requestId: null, deliveredAt: null });
    expect(key!.undeliveredAt).toBeInstanceOf(Date);
    expect(await requestRow(request.id)).toMatchObject({ status: "approved", issuingSince: null });
    const [attempt] = await db.select().from(issueAttempts).where(eq(issueAttempts.requestId, request.id));
    expect(attempt).toMatchObject({ status: "recorded", keyId: key!.id });
    // Audited: the revoke says why, and the take-back says what became of the key and the request.
    const events = await db.select().from(auditEvents).where(eq(auditEvents.targetId, key!.id));
    expect(events.map((e) => e.action)).toEqual(["key.issue", "key.revoke", "key.undelivered"]);
    expect(events[1]!.detail).toMatchObject({ why: "undelivered" });
    expect(events[2]!.detail).toMatchObject({ requestId: request.id, takenBack: "revoked", requestReopened: true });
    // The admins are told, in the transaction that flagged the key undelivered (one transaction id).
    const told = await db
      .select({
        subject: notificationOutbox.subject,
        recipient: notificationOutbox.recipient,
        xmin: sql<string>`xmin::text`,
      })
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.event, "key.undelivered"), eq(notificationOutbox.link, `/keys/${key!.id}`)));
    expect(told.map((t) => [t.recipient, t.subject])).toEqual([
      [admin.user.email, "Key “gone after keygen” was made but never reached its requester, and was revoked."],
    ]);
    const [flagged] = await db
      .select({ xmin: sql<string>`xmin::text` })
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, key!.id), eq(auditEvents.action, "key.undelivered")));
    expect(told[0]!.xmin).toBe(flagged!.xmin);
    expect(await allRowsAsText(db)).not.toContain(secrets[0]!);

    // Retryable: the same request issues a new, working key.
    const again = await issueFromRequest(db, member, request.id);
    expect(again.key).toMatchObject({ requestId: request.id, status: "active" });
    expect(emulator.firewall.keyOwner(again.secret)).not.toBeNull();
  });

  it("a requester gone mid-commit: the administrator is removed again, no key exists, and the request is retryable", async () => {
    emulator.firewall.commitDurationMs = [500, 500];
    const secrets = catchSecrets();
    const request = await approved({ name: "gone mid-commit" });
    const before = emulator.inspect();
    const err = await rejection(issueFromRequest(db, member, request.id, { delivery: leavingAt("commit") }), AppError);
    expect(err.code).toBe("issue_cancelled");
    expect(secrets).toEqual([]);
    await new Promise((r) => setTimeout(r, 600));
    const after = emulator.inspect();
    expect([after.users, after.candidateUsers, after.liveKeys]).toEqual([
      before.users,
      before.candidateUsers,
      before.liveKeys,
    ]);
    expect(await db.$count(keys, eq(keys.name, "gone mid-commit"))).toBe(0);
    expect(await requestRow(request.id)).toMatchObject({ status: "approved", issuingSince: null });
    const [failure] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "key.issue"), eq(auditEvents.outcome, "failure")))
      .orderBy(auditEvents.id);
    expect(failure?.detail).toMatchObject({ code: "issue_cancelled", requestId: request.id });
    emulator.firewall.commitDurationMs = [100, 300];
    expect((await issueFromRequest(db, member, request.id)).key.status).toBe("active");
  });

  it("a key the vendor cannot revoke (the connection's own PAN-OS account) is flagged to retire by hand", async () => {
    const secrets = catchSecrets();
    const request = await createRequest(db, admin, {
      connectionId,
      name: "own account, gone",
      scope: [],
      fields: {},
      reason: "Read-only reporting",
    });
    const err = await rejection(
      issueFromRequest(db, admin, request.id, { delivery: leavingAt("key_created") }),
      AppError,
    );
    expect(err.message).toContain("flagged for an admin to retire by hand");
    const [key] = await db.select().from(keys).where(eq(keys.name, "own account, gone"));
    expect(key).toMatchObject({ status: "active", retireByHand: true, requestId: null });
    expect(key!.undeliveredAt).toBeInstanceOf(Date);
    expect(await requestRow(request.id)).toMatchObject({ status: "approved" });
    const events = await db.select().from(auditEvents).where(eq(auditEvents.targetId, key!.id));
    // The revoke path first records the vendor's refusal (PAN-OS cannot revoke an account's key alone).
    expect(events.map((e) => [e.action, e.outcome])).toEqual([
      ["key.issue", "success"],
      ["key.revoke", "failure"],
      ["key.retire_by_hand", "success"],
      ["key.undelivered", "success"],
    ]);
    const [told] = await db
      .select({ subject: notificationOutbox.subject })
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.event, "key.undelivered"), eq(notificationOutbox.link, `/keys/${key!.id}`)));
    expect(told?.subject).toBe("Key “own account, gone” was made but never reached its requester, and is still live.");
    expect(await allRowsAsText(db)).not.toContain(secrets[0]!);
  });

  it("takeBack of a key already detached reopens nothing and still records what it did", async () => {
    const request = await approved({ name: "taken twice" });
    const issued = await issueFromRequest(db, member, request.id);
    expect(await takeBack(db, member, issued.key.id, null)).toEqual({ kind: "revoked" });
    expect(await requestRow(request.id)).toMatchObject({ status: "issued" });
    expect(emulator.firewall.keyOwner(issued.secret)).toBeNull();
  });
});
