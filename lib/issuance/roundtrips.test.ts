import { asc, eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { testTls } from "@/test/support/tls";
import type { Db } from "@/lib/db/client";
import { auditEvents, issueAttempts, keyRequests, keys, users } from "@/lib/db/schema";
import { verifyAuditChain } from "@/lib/audit/verify";
import { seedDemo } from "@/lib/demo/seed";
import { grantAdminsEverything } from "@/test/support/grants";
import { loadCaller } from "@/lib/auth/session";
import { startSession } from "@/lib/auth/sessions";
import { startPanosEmulator, type PanosEmulator } from "@/emulators/panos/emulator";
import { issueKey } from "./issue";

// A direct issue's database work, counted where it happens: each query a pg client sends is one
// round trip. The target is at most 6, audit events included (issue 11); it takes 4. The audit
// events' keyed hashes are computed in the console on the chain's end it last saw (issue 13): a
// console's very first append reads that end once, every later one checks it inside its statement.

let emulator: PanosEmulator;
let caPem: string;
beforeAll(async () => {
  const tls = await testTls();
  caPem = tls.caPem;
  emulator = await startPanosEmulator({ tls: { certPem: tls.certPem, keyPem: tls.keyPem } });
});
afterAll(() => emulator?.close());

// PostgreSQL only (PGlite has no round trips to count): runs when TEST_DATABASE_URL names a server.
const postgres = databaseEngines().find((e) => e.name === "postgres");

describe.runIf(postgres)("round trips of a direct issue on PostgreSQL", () => {
  let handle: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    handle = await postgres!.open();
    db = handle.db;
  });
  afterAll(() => handle?.close());

  it("is 4 round trips: the caller (with its session), the connection with its policy, filing (request, attempt, 2 events), recording (key, request, attempt, event)", async () => {
    const { teamId } = await seedDemo(db, {
      adminEmail: "admin@example.com",
      adminPassword: "Seed-Admin-1",
      demoCaPem: caPem,
      emulators: [{ vendor: "panos", emulator }],
    });
    const [admin] = await db.select().from(users).where(eq(users.email, "admin@example.com"));
    const connectionId = (await db.query.connections.findFirst({ where: (c, { eq: is }) => is(c.teamId, teamId) }))!.id;
    // Keys here are issued without expiry: the admin grant names "never" (and the own account) explicitly.
    await grantAdminsEverything(db, { user: admin!, team: { id: teamId, role: "admin" } }, connectionId, "panos");
    const lifetimes = { idleMinutes: 60, maxHours: 8 };
    const sid = await startSession(db, {
      userId: admin!.id,
      method: "password",
      lifetimes,
      userAgent: null,
      clientAddress: null,
      now: new Date(Date.now() - 2 * 60_000),
    });
    const statements: string[] = [];
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: Parameters<typeof original>) {
      const q = args[0] as unknown;
      statements.push(typeof q === "string" ? q : ((q as { text?: string }).text ?? "?"));
      return original.apply(this, args);
    } as typeof original;
    try {
      const caller0 = await loadCaller(db, sid, teamId, { idleMinutes: lifetimes.idleMinutes });
      statements.length = 0;
      await issueKey(
        db,
        { user: caller0!.user, team: caller0!.team! },
        { connectionId, name: "first", scope: ["api-readonly"], fields: {}, reason: "count" },
        { idempotencyKey: "counted-0" },
      );
      // The console's first append (after the seed's transactions) read the chain's end once.
      expect(statements.filter((s) => s.startsWith("select id, hash from audit_events"))).toHaveLength(1);
      expect(statements).toHaveLength(4);
      const before = await db.$count(auditEvents);
      statements.length = 0;
      // What the route does: the caller (the session, touched once a minute, → user and teams), then the issue.
      const caller = await loadCaller(db, sid, teamId, { idleMinutes: lifetimes.idleMinutes });
      const issued = await issueKey(
        db,
        { user: caller!.user, team: caller!.team! },
        { connectionId, name: "counted", scope: ["api-readonly"], fields: {}, reason: "count" },
        { idempotencyKey: "counted-1" },
      );
      const counted = statements.map((s) => s.replace(/\s+/g, " ").trim().slice(0, 60));
      pg.Client.prototype.query = original;
      expect(counted).toEqual([
        expect.stringMatching(/^with "touched" as \(update "sessions"/),
        expect.stringMatching(/^select "connections"\."id"/),
        expect.stringMatching(/^with "attempt" as \(insert into "issue_attempts"/),
        expect.stringMatching(/^with "issued" as \(update "key_requests"/),
      ]);
      // …and all of it was written: request issued, attempt settled, key, three events, chain intact.
      expect(await db.$count(keyRequests, eq(keyRequests.id, issued.key.requestId!))).toBe(1);
      expect((await db.select().from(issueAttempts).where(eq(issueAttempts.keyId, issued.key.id)))[0]).toMatchObject({
        status: "recorded",
        idempotencyKey: "counted-1",
      });
      expect(await db.$count(keys, eq(keys.id, issued.key.id))).toBe(1);
      expect(
        (await db.select().from(auditEvents).orderBy(asc(auditEvents.id))).slice(before).map((e) => e.action),
      ).toEqual(["request.create", "request.approve", "key.issue"]);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    } finally {
      pg.Client.prototype.query = original;
    }
  });
});
