import "server-only";
import path from "node:path";
import { env, dataDir } from "@/lib/env";
import { openDatabase, type Db, type DatabaseHandle } from "./client";

export type { Db } from "./client";

// Next may load this module once per route bundle; one PGlite per data directory is all the files allow.
const globalForDb = globalThis as unknown as { keywardDb?: Promise<DatabaseHandle> };

/** The console's database, opened (and migrated) on first use. */
export async function getDb(): Promise<Db> {
  globalForDb.keywardDb ??= openDatabase({ url: env().DATABASE_URL, dataDir: path.join(dataDir(), "pglite") });
  return (await globalForDb.keywardDb).db;
}
