import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase, type DatabaseHandle, type DatabaseTarget, type Db } from "@/lib/db/client";

/**
 * The database engines a test runs against: PGlite always, PostgreSQL when TEST_DATABASE_URL
 * names a server (CI sets postgres://postgres@127.0.0.1:5432/test). Each `open()` gives a
 * fresh database of its own, so tests never see each other's rows.
 *
 *   describe.each(databaseEngines())("$name", (engine) => { … engine.open() … });
 */

// Code under test reads settings through lib/env.ts, which wants a secret before its first call.
process.env.KEYWARD_SECRET ??= "keyward-test-secret-0123456789-abcdefghij";

export type EngineName = DatabaseHandle["kind"];

export interface TestDatabase extends DatabaseHandle {
  /** Opens another handle on the same database, as a second console instance would (PostgreSQL only). */
  openAnother?: () => Promise<DatabaseHandle>;
}

/** A place for a database that can be opened more than once (a restart, several instances). */
export interface EmptyTarget {
  target: DatabaseTarget;
  remove(): Promise<void>;
}

export interface DatabaseEngine {
  name: EngineName;
  /** A fresh, migrated database; its close() also throws the database away. */
  open(): Promise<TestDatabase>;
  /** A fresh, empty database that nothing has opened (and so migrated) yet. */
  emptyTarget(): Promise<EmptyTarget>;
}

const testServerUrl = (): string | undefined => process.env.TEST_DATABASE_URL || undefined;

async function adminQuery(statement: string): Promise<void> {
  const { Client } = await import("pg");
  const client = new Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function emptyPostgres(): Promise<EmptyTarget> {
  const name = `keyward_t_${randomBytes(6).toString("hex")}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(testServerUrl()!);
  url.pathname = `/${name}`;
  // DROP DATABASE waits a few seconds for backends of closed pools to exit.
  return { target: { url: url.toString() }, remove: () => adminQuery(`drop database if exists ${name}`) };
}

async function emptyPglite(): Promise<EmptyTarget> {
  const dir = mkdtempSync(path.join(tmpdir(), "keyward-pglite-"));
  return { target: { dataDir: dir }, remove: async () => rmSync(dir, { recursive: true, force: true }) };
}

const pglite: DatabaseEngine = {
  name: "pglite",
  open: () => openDatabase({ dataDir: "memory://" }),
  emptyTarget: emptyPglite,
};

const postgres: DatabaseEngine = {
  name: "postgres",
  async open() {
    const empty = await emptyPostgres();
    let handle: DatabaseHandle;
    try {
      handle = await openDatabase(empty.target);
    } catch (err) {
      await empty.remove();
      throw err;
    }
    const others: DatabaseHandle[] = [];
    return {
      db: handle.db,
      kind: handle.kind,
      async openAnother() {
        const other = await openDatabase(empty.target);
        others.push(other);
        return other;
      },
      async close() {
        await Promise.all([handle, ...others].map((h) => h.close().catch(() => undefined)));
        await empty.remove();
      },
    };
  },
  emptyTarget: emptyPostgres,
};

export function databaseEngines(): DatabaseEngine[] {
  return testServerUrl() ? [pglite, postgres] : [pglite];
}

/** Every row of every table (migration bookkeeping included) as JSON text, for "this secret is stored nowhere" checks. */
export async function allRowsAsText(db: Db): Promise<string> {
  const tables = await db.execute<{ schema: string; name: string }>(
    sql`select table_schema as schema, table_name as name from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`,
  );
  const dumps: string[] = [];
  for (const t of rowsOf<{ schema: string; name: string }>(tables)) {
    const rows = await db.execute<{ row: string }>(
      sql`select to_jsonb(t)::text as row from ${sql.identifier(t.schema)}.${sql.identifier(t.name)} t`,
    );
    dumps.push(
      `${t.schema}.${t.name}: ${rowsOf<{ row: string }>(rows)
        .map((r) => r.row)
        .join("\n")}`,
    );
  }
  return dumps.join("\n");
}

/** node-postgres answers a QueryResult, PGlite a Results object; both keep the rows in `.rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
