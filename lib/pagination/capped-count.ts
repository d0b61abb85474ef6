import { sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "@/lib/db/client";
import { keys } from "@/lib/db/schema";

/**
 * Counts that stop at COUNT_CAP ("10,000+"), so a team with a million keys or audit events costs
 * a bounded index range per number rather than a count over the whole table.
 */
export const COUNT_CAP = 10_000;

export interface CappedCount {
  count: number;
  /** True when there are more than `count`. */
  more: boolean;
}

/** Rows of `table` matching `where`, up to COUNT_CAP. */
export async function cappedCount(db: Db, table: PgTable, where: SQL): Promise<CappedCount> {
  const result = await db.execute(
    sql`select count(*) as n from (select 1 from ${table} where ${where} limit ${COUNT_CAP + 1}) capped`,
  );
  // node-postgres and PGlite both keep the rows in `.rows`; count(*) is a bigint, so text on node-postgres.
  const [row] = (result as unknown as { rows: Array<{ n: number | string }> }).rows;
  const n = Number(row?.n ?? 0);
  return { count: Math.min(n, COUNT_CAP), more: n > COUNT_CAP };
}

export const cappedKeyCount = (db: Db, where: SQL): Promise<CappedCount> => cappedCount(db, keys, where);
