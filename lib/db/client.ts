import path from "node:path";
import { mkdirSync } from "node:fs";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Db;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

export interface DatabaseTarget {
  /** postgres://… — when set, PostgreSQL; otherwise PGlite in `dataDir`. */
  url?: string;
  /** Directory for PGlite's files; `memory://` for a throwaway database. */
  dataDir?: string;
}

const MIGRATIONS = path.join(process.cwd(), "lib", "db", "migrations");
// Any constant works; it only has to be the same in every console instance.
const MIGRATION_LOCK = 0x6b657977;

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const { Pool, Client } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  // Several console instances may start at once: one migrates, the others wait on the lock.
  const lockClient = new Client({ connectionString: url });
  await lockClient.connect();
  try {
    await lockClient.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrate(drizzle(lockClient, { schema }), { migrationsFolder: MIGRATIONS });
  } finally {
    await lockClient.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await lockClient.end();
  }
  const pool = new Pool({ connectionString: url, max: 10 });
  return { db: drizzle(pool, { schema }) as unknown as Db, kind: "postgres", close: () => pool.end() };
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS });
  return { db: db as unknown as Db, kind: "pglite", close: () => client.close() };
}

/** Opens the database and applies pending migrations. */
export function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.url) return openPostgres(target.url);
  return openPglite(target.dataDir ?? "memory://");
}
