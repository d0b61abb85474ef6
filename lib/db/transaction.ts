import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db } from "./client";

type Hook = () => void;

/** The after-commit work of each open transaction made by inTransaction (a savepoint has its own list). */
const afterCommit = new WeakMap<object, Hook[]>();

/**
 * Runs `work` in one transaction and hands it the transaction as a `Db`, so the same query
 * helpers serve inside and outside one. Drizzle types a transaction apart from its database
 * although it offers the same query API; this is the one place that says so.
 *
 * Work registered with onCommit runs once the transaction has committed — never when it rolls
 * back. Inside another transaction (a savepoint) it waits for the outermost commit.
 */
export async function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  const outer = afterCommit.get(db);
  const hooks: Hook[] = [];
  const result = await db.transaction((raw) => {
    afterCommit.set(raw, hooks);
    return work(raw as unknown as Db);
  });
  if (outer) outer.push(...hooks);
  else for (const hook of hooks) hook();
  return result;
}

/** Whether `db` is a transaction, and so whether a statement on it commits only with the rest of it. */
export function isTransaction(db: Db): boolean {
  return (db as unknown) instanceof PgTransaction;
}

/**
 * Runs `hook` after `tx` commits (at once if `db` is not a transaction: its statement has).
 * A transaction not made by inTransaction has nowhere to keep it, which is a programming error.
 */
export function onCommit(db: Db, hook: Hook): void {
  const hooks = afterCommit.get(db);
  if (hooks) hooks.push(hook);
  else if (isTransaction(db)) throw new Error("onCommit needs a transaction opened with inTransaction()");
  else hook();
}
