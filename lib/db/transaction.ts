import type { Db } from "./client";

/**
 * Runs `work` in one transaction and hands it the transaction as a `Db`, so the same query
 * helpers serve inside and outside one. Drizzle types a transaction apart from its database
 * although it offers the same query API; this is the one place that says so.
 */
export function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((raw) => work(raw as unknown as Db));
}
