import { asc, sql } from "drizzle-orm";
import { inTransaction } from "@/lib/db/transaction";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { asSuperuserWithoutAuditTriggers } from "@/test/support/audit";
import type { Db } from "@/lib/db/client";
import { auditEvents, memberships, teams, users } from "@/lib/db/schema";
import { GENESIS_HASH, chainKey, keyedEventHash } from "./hash";
import { listAuditEvents } from "./queries";
import { recordAudit, recordAuditAlone, type AuditEventInput } from "./record";
import { verifyAuditChain } from "./verify";

// The append-only, hash-chained audit log on every engine: tampering shows, concurrency does not break it.

const event = (n: number, over: Partial<AuditEventInput> = {}): AuditEventInput => ({
  action: "key.issue",
  outcome: "success",
  target: { type: "key", id: `key-${n}` },
  detail: { n, name: `Key ${n}`, nested: { zeta: 1, alpha: [n, "x"] } },
  ...over,
});

type AuditRow = typeof auditEvents.$inferSelect;
const key = chainKey(process.env.KEYWARD_SECRET!);

/** The chain as a reader checks it by hand: each row links to the previous hash and its own hash matches its fields. */
function expectIntactChain(rows: AuditRow[]): void {
  let prev = GENESIS_HASH;
  for (const { id, prevHash, hash, ...fields } of rows) {
    expect({ id, prevHash }).toEqual({ id, prevHash: prev });
    expect({ id, keyed: fields.keyed }).toEqual({ id, keyed: true });
    expect({ id, hash }).toEqual({ id, hash: keyedEventHash(key, prevHash, fields) });
    prev = hash;
  }
}

describe.each(databaseEngines())("audit chain on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
  });
  afterAll(() => handle?.close());
  // Each test starts a new chain; ids keep growing, as after a real purge.
  beforeEach(async () => {
    await asSuperuserWithoutAuditTriggers(db, (tx) => tx.delete(auditEvents));
  });

  const chain = () => db.select().from(auditEvents).orderBy(asc(auditEvents.id));

  async function recordInOrder(count: number): Promise<number[]> {
    for (let n = 1; n <= count; n++) await recordAuditAlone(db, event(n));
    return (await chain()).map((r) => r.id);
  }

  it("links every event to the hash of the one before, starting from the genesis hash", async () => {
    await recordInOrder(6);
    const rows = await chain();
    expect(rows.map((r) => r.detail.n)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(6);
    expectIntactChain(rows);
  });

  it("verifies an untouched chain as intact, across pages too", async () => {
    await recordInOrder(6);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 6, keyed: 6, plain: 0 });
    expect(await verifyAuditChain(db, { pageSize: 4 })).toMatchObject({ ok: true, checked: 6 });
  });

  it("reports exactly the edited event when one row's detail is changed in the database", async () => {
    const ids = await recordInOrder(5);
    await asSuperuserWithoutAuditTriggers(db, (tx) =>
      tx.execute(
        sql`update audit_events set detail = jsonb_set(detail, '{name}', '"Someone else''s key"') where id = ${ids[2]}`,
      ),
    );
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      checked: 2,
      brokenAt: ids[2],
      reason: expect.stringContaining("the event was edited"),
    });
  });

  it("reports an edit of the outcome too, even one page further on", async () => {
    const ids = await recordInOrder(5);
    await asSuperuserWithoutAuditTriggers(db, (tx) =>
      tx.execute(sql`update audit_events set outcome = 'failure' where id = ${ids[3]}`),
    );
    expect(await verifyAuditChain(db, { pageSize: 2 })).toMatchObject({
      ok: false,
      brokenAt: ids[3],
      reason: expect.stringContaining("edited"),
    });
  });

  it("reports the event after a deleted one as not linking", async () => {
    const ids = await recordInOrder(5);
    await asSuperuserWithoutAuditTriggers(db, (tx) => tx.execute(sql`delete from audit_events where id = ${ids[2]}`));
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      checked: 2,
      brokenAt: ids[3],
      reason: expect.stringContaining("does not link to the event before it"),
    });
  });

  it("keeps a valid chain when 20 events are recorded at once", async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordAuditAlone(db, event(i + 1))));
    const rows = await chain();
    expect(rows.map((r) => r.detail.n).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expectIntactChain(rows);
  });

  it("computes the same link in the database as in JavaScript, for text beyond ASCII too", async () => {
    await recordAuditAlone(
      db,
      event(1, {
        detail: { name: "Clé d’accès — 鍵 🔑", quote: 'a "b" \\ c\n', nested: { é: ["ß", 1.5, null, true] } },
      }),
    );
    await recordAuditAlone(db, event(2, { actor: null, target: null, detail: {} }));
    const rows = await chain();
    expect(rows[0]!.detail.name).toBe("Clé d’accès — 鍵 🔑");
    expectIntactChain(rows);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 2 });
  });

  it("links several events recorded in one transaction, while others record at once", async () => {
    const inOneTx = (db: Db, first: number) =>
      inTransaction(db, async (tx) => {
        for (let n = first; n < first + 3; n++) await recordAudit(tx, event(n));
      });
    const other = engine.name === "postgres" ? (await handle.openAnother!()).db : db;
    await Promise.all([
      inOneTx(db, 1),
      inOneTx(other, 4),
      inOneTx(db, 7),
      inOneTx(other, 10),
      recordAuditAlone(other, event(13)),
    ]);
    const rows = await chain();
    expect(rows).toHaveLength(13);
    // Each transaction's events sit together: nobody else's event came between them.
    for (const first of [1, 4, 7, 10]) {
      const at = rows.findIndex((r) => r.detail.n === first);
      expect(rows.slice(at, at + 3).map((r) => r.detail.n)).toEqual([first, first + 1, first + 2]);
    }
    expectIntactChain(rows);
  });

  it.runIf(engine.name === "postgres")("keeps a valid chain when two console instances record at once", async () => {
    const other = await handle.openAnother!();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        recordAuditAlone(i % 2 ? db : other.db, event(i + 1, { action: i % 2 ? "instance.a" : "instance.b" })),
      ),
    );
    const rows = await chain();
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(30); // no two events claim the same predecessor
    expectIntactChain(rows);
  });

  it("pages a team's log newest first by id, showing only its events and its members' sign-ins", async () => {
    const [teamA, teamB] = await db
      .insert(teams)
      .values([{ name: "Team A" }, { name: "Team B" }])
      .returning();
    const [alice, bob] = await db
      .insert(users)
      .values([
        { email: `alice-${teamA!.id}@example.com`, name: "Alice" },
        { email: `bob-${teamB!.id}@example.com`, name: "Bob" },
      ])
      .returning();
    await db.insert(memberships).values([
      { teamId: teamA!.id, userId: alice!.id, role: "admin" },
      { teamId: teamB!.id, userId: bob!.id, role: "admin" },
    ]);
    const signIn = (who: { id: string; email: string } | null) => ({
      action: "auth.login",
      outcome: "success" as const,
      actor: who,
      teamId: null,
    });
    const asA = { teamId: teamA!.id, actor: alice! };
    const asB = { teamId: teamB!.id, actor: bob! };
    const plan: Array<[AuditEventInput, boolean]> = [
      [event(1, asA), true],
      [event(2, asB), false],
      [event(3, signIn(alice!)), true],
      [event(4, signIn(bob!)), false],
      [event(5, { ...signIn(null), outcome: "failure" }), false],
      [event(6, asA), true],
      [event(7, asA), true],
      [event(8, asB), false],
      [event(9, asA), true],
      [event(10, signIn(alice!)), true],
      [event(11, asA), true],
    ];
    for (const [input] of plan) await recordAuditAlone(db, input);

    const seen: number[] = [];
    const pages: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await listAuditEvents(db, teamA!.id, { before, limit: 3 });
      if (page.length === 0) break;
      pages.push(page.length);
      seen.push(...page.map((e) => Number(e.detail.n)));
      expect(page.every((e) => typeof e.at === "string" && !Number.isNaN(Date.parse(e.at)))).toBe(true);
      before = page.at(-1)!.id;
    }
    const expected = plan.flatMap(([input, visible]) => (visible ? [Number(input.detail!.n)] : [])).reverse();
    expect(seen).toEqual(expected);
    expect(pages).toEqual([3, 3, 1]);

    // Team B sees its own events and Bob's sign-in, nothing of Team A.
    const forB = await listAuditEvents(db, teamB!.id);
    expect(forB.map((e) => Number(e.detail.n))).toEqual([8, 4, 2]);
  });
});
