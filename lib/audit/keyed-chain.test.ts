import { asc, sql } from "drizzle-orm";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { asSuperuserWithoutAuditTriggers } from "@/test/support/audit";
import type { Db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { auditEvents } from "@/lib/db/schema";
import { redirectLog } from "@/lib/log";
import { chainKey } from "./hash";
import { headsIn, type ChainHead } from "./head-log";
import { recordAudit, recordAuditAlone, type AuditEventInput } from "./record";
import { verifyAuditChain } from "./verify";

// Issue 13: a database superuser can no longer rewrite the audit chain undetected. The hashes are
// HMACs under a key the database never sees, and every append's head is logged outside it.

const event = (n: number): AuditEventInput => ({
  action: "key.issue",
  outcome: "success",
  target: { type: "key", id: `key-${n}` },
  detail: { n, name: `Key ${n}` },
});

/** The lines the console logs while `work` runs: one "instance"'s log stream. */
async function streamOf(work: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const restore = redirectLog({ write: (line) => void lines.push(line) });
  try {
    await work();
  } finally {
    restore();
  }
  return lines.join("");
}

const heads = (...streams: string[]): ChainHead[] => streams.flatMap((s) => headsIn(s).heads);

describe.each(databaseEngines())("keyed audit chain on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
  });
  afterAll(() => handle?.close());
  beforeEach(async () => {
    await asSuperuserWithoutAuditTriggers(db, (tx) => tx.delete(auditEvents));
  });
  afterEach(() => vi.restoreAllMocks());

  const chain = () => db.select().from(auditEvents).orderBy(asc(auditEvents.id));
  const recordInOrder = async (from: number, to: number) => {
    for (let n = from; n <= to; n++) await recordAuditAlone(db, event(n));
  };

  /** What a superuser does: recompute every hash from `fromId` on with plain SHA-256, as the database can. */
  const recomputePlain = (fromId: number, keyed: boolean) =>
    asSuperuserWithoutAuditTriggers(db, async (tx) => {
      const rows = (await tx.select().from(auditEvents).orderBy(asc(auditEvents.id))).filter((r) => r.id >= fromId);
      let prev = (await tx.select().from(auditEvents).orderBy(asc(auditEvents.id))).find(
        (r) => r.id === fromId,
      )!.prevHash;
      for (const r of rows) {
        await tx.execute(sql`update audit_events set prev_hash = ${prev}, keyed = ${keyed},
          hash = encode(sha256(convert_to(${prev} || chr(10) || ${JSON.stringify({
            action: r.action,
            actorEmail: r.actorEmail,
            actorId: r.actorId,
            at: r.at.toISOString(),
            detail: r.detail,
            outcome: r.outcome,
            targetId: r.targetId,
            targetType: r.targetType,
            teamId: r.teamId,
          })}, 'UTF8')), 'hex') where id = ${r.id}`);
        const [after] = await tx
          .execute<{ hash: string }>(sql`select hash from audit_events where id = ${r.id}`)
          .then((res) => (res as unknown as { rows: Array<{ hash: string }> }).rows);
        prev = after!.hash;
      }
    });

  it("reports a row edited and the later hashes recomputed with plain SHA-256 (which verified OK before)", async () => {
    await recordInOrder(1, 6);
    const ids = (await chain()).map((r) => r.id);
    await asSuperuserWithoutAuditTriggers(db, (tx) =>
      tx.execute(sql`update audit_events set detail = jsonb_set(detail, '{name}', '"Forged"') where id = ${ids[2]}`),
    );
    await recomputePlain(ids[2]!, true);
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ ok: false, checked: 2, brokenAt: ids[2] });
    expect(report.ok ? [] : report.findings).toEqual([
      { kind: "recomputed", id: ids[2], toId: ids[5], reason: expect.stringContaining("recomputed from here") },
    ]);
  });

  it("reports a recomputed chain marked unkeyed as plain events after keyed ones", async () => {
    await recordInOrder(1, 5);
    const ids = (await chain()).map((r) => r.id);
    await recomputePlain(ids[3]!, false);
    const report = await verifyAuditChain(db);
    expect(report.ok ? [] : report.findings).toEqual([
      { kind: "unkeyed", id: ids[3], toId: ids[4], reason: expect.stringContaining("without the key") },
    ]);
  });

  it("reports the newest rows deleted only given the log stream, and a reused id's other hash", async () => {
    const stream = await streamOf(() => recordInOrder(1, 5));
    const ids = (await chain()).map((r) => r.id);
    await asSuperuserWithoutAuditTriggers(db, (tx) => tx.execute(sql`delete from audit_events where id >= ${ids[3]}`));
    // Without the stream the shorter chain verifies: which is why the heads are logged.
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 3 });
    const report = await verifyAuditChain(db, { stream: heads(stream) });
    expect(report).toMatchObject({ ok: false, brokenAt: ids[3], checked: 3, streamHeads: 5 });
    expect(report.ok ? [] : report.findings).toEqual([
      {
        kind: "deleted-newest",
        id: ids[3],
        toId: ids[4],
        reason: expect.stringContaining("newest events were deleted"),
      },
    ]);
    // The console appends again on the shortened chain: the stream still has the first hash for that id.
    const later = await streamOf(() => recordAuditAlone(db, event(9)));
    const again = await verifyAuditChain(db, { stream: heads(stream, later) });
    expect(again.ok ? [] : again.findings.map((f) => [f.kind, f.id])).toEqual([
      ["rewritten", ids[3]],
      ["deleted-newest", ids[4]],
    ]);
  });

  it("merges the streams of two instances: each logs its own appends, the union covers the chain", async () => {
    const other = engine.name === "postgres" ? (await handle.openAnother!()).db : db;
    const a = await streamOf(() => recordInOrder(1, 3));
    const b = await streamOf(async () => {
      for (let n = 4; n <= 6; n++) await recordAuditAlone(other, event(n));
    });
    const c = await streamOf(() => recordInOrder(7, 8));
    const ids = (await chain()).map((r) => r.id);
    expect(heads(a, b, c).map((h) => h.id)).toEqual(ids);
    expect(await verifyAuditChain(db, { stream: heads(c, a, b) })).toMatchObject({
      ok: true,
      checked: 8,
      streamHeads: 8,
    });
    // Instance b's appends deleted: only b's stream names them.
    await asSuperuserWithoutAuditTriggers(db, (tx) => tx.execute(sql`delete from audit_events where id > ${ids[2]}`));
    expect(await verifyAuditChain(db, { stream: heads(a) })).toMatchObject({ ok: true });
    expect(await verifyAuditChain(db, { stream: heads(a, b) })).toMatchObject({ ok: false, brokenAt: ids[3] });
  });

  it("logs a head only once the transaction commits: a rolled-back one logs none", async () => {
    const rolledBack = await streamOf(() =>
      inTransaction(db, async (tx) => {
        await recordAudit(tx, event(1));
        throw new Error("the change failed");
      }).catch(() => undefined),
    );
    expect(rolledBack).not.toContain("audit.head");
    expect(await chain()).toHaveLength(0);
    const lines: string[] = [];
    const restore = redirectLog({ write: (line) => void lines.push(line) });
    let loggedBeforeCommit: string[] = ["unset"];
    try {
      await inTransaction(db, async (tx) => {
        await recordAudit(tx, event(2));
        await recordAudit(tx, event(3));
        loggedBeforeCommit = [...lines];
      });
    } finally {
      restore();
    }
    const committed = lines.join("");
    expect(loggedBeforeCommit).toEqual([]);
    const [row2, row3] = await chain();
    expect(heads(committed)).toEqual([
      { id: row2!.id, hash: row2!.hash, at: row2!.at.toISOString() },
      { id: row3!.id, hash: row3!.hash, at: row3!.at.toISOString() },
    ]);
  });

  it("never sends the chain key (nor the secret it comes from) to the database", async () => {
    const sent: string[] = [];
    if (engine.name === "postgres") {
      const original = pg.Client.prototype.query;
      vi.spyOn(pg.Client.prototype, "query").mockImplementation(function (this: pg.Client, ...args: unknown[]) {
        sent.push(JSON.stringify(args.slice(0, 2), (_, v: unknown) => (Buffer.isBuffer(v) ? v.toString("hex") : v)));
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof original);
    } else {
      for (const name of ["execProtocol", "execProtocolRaw", "execProtocolStream", "execProtocolRawStream"] as const) {
        const proto = PGlite.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
        const original = proto[name]!;
        vi.spyOn(proto, name).mockImplementation(function (this: unknown, ...args: unknown[]) {
          sent.push(Buffer.from(args[0] as Uint8Array).toString("latin1"));
          return original.apply(this, args);
        });
      }
    }
    await recordInOrder(1, 2);
    await inTransaction(db, (tx) => recordAudit(tx, event(3)));
    await verifyAuditChain(db);
    expect(sent.join("\n")).toContain("audit_chain_expect");
    const key = chainKey(process.env.KEYWARD_SECRET!);
    for (const form of [
      key.toString("hex"),
      key.toString("base64"),
      key.toString("latin1"),
      process.env.KEYWARD_SECRET!,
    ])
      expect(sent.join("\n")).not.toContain(form);
  });
});
