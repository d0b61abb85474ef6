import { asc } from "drizzle-orm";
import { inTransaction } from "@/lib/db/transaction";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema";
import { recordAuditAlone, recordAudits, type AuditEventInput } from "./record";
import { verifyAuditChain } from "./verify";

// Several events of one change in one statement: in order, each linked to the one before, while
// other writers append at the same time.

const event = (n: number, batch: string): AuditEventInput => ({
  action: "test.batch",
  outcome: "success",
  detail: { n, batch },
});

describe.each(databaseEngines())("recordAudits on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
  });
  afterAll(() => handle?.close());

  it("appends a batch in its order, linked, with others writing at once; the chain verifies", async () => {
    const other = engine.name === "postgres" ? (await handle.openAnother!()).db : db;
    const batch = (target: Db, name: string) =>
      inTransaction(target, (tx) =>
        recordAudits(
          tx,
          [1, 2, 3].map((n) => event(n, name)),
        ),
      );
    await Promise.all([
      batch(db, "a"),
      recordAuditAlone(other, event(0, "single")),
      batch(other, "b"),
      batch(db, "c"),
      recordAudits(other, [event(1, "bare"), event(2, "bare")]),
    ]);
    const rows = await db.select().from(auditEvents).orderBy(asc(auditEvents.id));
    expect(rows).toHaveLength(12);
    for (const name of ["a", "b", "c", "bare"]) {
      const at = rows.findIndex((r) => r.detail.batch === name);
      const size = name === "bare" ? 2 : 3;
      expect(rows.slice(at, at + size).map((r) => r.detail)).toEqual(
        Array.from({ length: size }, (_, i) => ({ n: i + 1, batch: name })),
      );
    }
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 12 });
  });

  it("writes nothing for an empty batch", async () => {
    const before = await db.$count(auditEvents);
    await recordAudits(db, []);
    expect(await db.$count(auditEvents)).toBe(before);
  });
});
