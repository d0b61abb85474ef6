import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";

/**
 * Runs `fn` as a superuser who switched the audit log's append-only triggers off
 * (session_replication_role = replica skips ordinary triggers, for this transaction only):
 * how tests clear the log, and how the tamper tests play an attacker with full database rights.
 */
export function asSuperuserWithoutAuditTriggers<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return inTransaction(db, async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    return fn(tx);
  });
}
