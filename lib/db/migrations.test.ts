import { readFileSync } from "node:fs";
import path from "node:path";
import { getTableName, is, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, rowsOf, type EmptyTarget } from "@/test/support/databases";
import { openDatabase, type DatabaseHandle, type Db } from "./client";
import * as schema from "./schema";
import { teams } from "./schema";

// Migrations on a fresh database, a restart on a migrated one, and several instances starting at once.

const schemaTables = Object.values(schema)
  .flatMap((v: unknown) => (is(v, PgTable) ? [getTableName(v)] : []))
  .sort();
const journal = JSON.parse(readFileSync(path.join(__dirname, "migrations", "meta", "_journal.json"), "utf8")) as {
  entries: unknown[];
};

async function publicTables(db: Db): Promise<string[]> {
  const result = await db.execute<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  return rowsOf<{ name: string }>(result).map((r) => r.name);
}

async function appliedMigrations(db: Db): Promise<number> {
  const result = await db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return rowsOf<{ n: number }>(result)[0]!.n;
}

async function withEmptyTarget(
  engine: { emptyTarget(): Promise<EmptyTarget> },
  fn: (empty: EmptyTarget) => Promise<void>,
): Promise<void> {
  const empty = await engine.emptyTarget();
  try {
    await fn(empty);
  } finally {
    await empty.remove();
  }
}

describe.each(databaseEngines())("migrations on $name", (engine) => {
  // One database for the first two tests: opened fresh, then "restarted".
  let empty: EmptyTarget;
  let first: DatabaseHandle | undefined;
  beforeAll(async () => {
    empty = await engine.emptyTarget();
    first = await openDatabase(empty.target);
  });
  afterAll(async () => {
    await first?.close();
    await empty?.remove();
  });

  it("create every table of schema.ts on a fresh database, and record each migration once", async () => {
    expect(schemaTables).toEqual(
      expect.arrayContaining([
        "audit_events",
        "connections",
        "keys",
        "auth_failures",
        "sessions",
        "memberships",
        "teams",
        "users",
      ]),
    );
    const { db } = first!;
    expect(await publicTables(db)).toEqual(schemaTables);
    expect(await appliedMigrations(db)).toBe(journal.entries.length);
    // The tables work, not just exist: the case-insensitive unique e-mail index is in place.
    await db.execute(sql`insert into users (email, name) values ('Ada@example.com', 'Ada')`);
    await expect(
      db.execute(sql`insert into users (email, name) values ('ada@EXAMPLE.com', 'Ada again')`),
    ).rejects.toThrow();
  });

  it("apply nothing the second time: a restart keeps the data and the migration record", async () => {
    await first!.db.insert(teams).values({ name: "Survives restarts" });
    const applied = await appliedMigrations(first!.db);
    await first!.close();
    first = undefined;

    const second = await openDatabase(empty.target);
    try {
      expect(await appliedMigrations(second.db)).toBe(applied);
      expect((await second.db.select().from(teams)).map((t) => t.name)).toEqual(["Survives restarts"]);
      expect(await publicTables(second.db)).toEqual(schemaTables);
    } finally {
      await second.close();
    }
  });

  it.runIf(engine.name === "postgres")(
    "let several console instances start at once on one fresh database",
    async () => {
      await withEmptyTarget(engine, async ({ target }) => {
        const opened = await Promise.allSettled(Array.from({ length: 5 }, () => openDatabase(target)));
        const handles = opened.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
        try {
          expect(opened.filter((o) => o.status === "rejected")).toEqual([]);
          expect(handles).toHaveLength(5);
          expect(await appliedMigrations(handles[0]!.db)).toBe(journal.entries.length);
          expect(await publicTables(handles[4]!.db)).toEqual(schemaTables);
          // Every instance can work on the shared database right away.
          await Promise.all(handles.map((h, i) => h.db.insert(teams).values({ name: `Team from instance ${i}` })));
          expect(await handles[2]!.db.$count(teams)).toBe(5);
        } finally {
          await Promise.all(handles.map((h) => h.close()));
        }
      });
    },
  );
});
