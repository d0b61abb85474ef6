import { asc, gt } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema";
import { GENESIS_HASH, eventHash } from "./hash";

export type ChainReport =
  { ok: true; checked: number } | { ok: false; checked: number; brokenAt: number; reason: string };

/** Walks the chain in id order, in pages, and reports the first event whose hash or link is wrong. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.id, lastId))
      .orderBy(asc(auditEvents.id))
      .limit(pageSize);
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      if (row.prevHash !== prevHash) {
        return {
          ok: false,
          checked,
          brokenAt: row.id,
          reason: "it does not link to the event before it (an event was deleted or inserted)",
        };
      }
      if (eventHash(prevHash, row) !== row.hash) {
        return {
          ok: false,
          checked,
          brokenAt: row.id,
          reason: "its content no longer matches its hash (the event was edited)",
        };
      }
      prevHash = row.hash;
      lastId = row.id;
      checked++;
    }
  }
}
