import { asc, gt } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { auditEvents } from "@/lib/db/schema";
import { GENESIS_HASH, chainKey, eventHash, keyedEventHash } from "./hash";
import type { ChainHead } from "./head-log";

type FindingKind = "edited" | "recomputed" | "unlinked" | "unkeyed" | "rewritten" | "deleted" | "deleted-newest";

/** One thing wrong with the chain: an event, or a run of events `id`…`toId`. */
export interface ChainFinding {
  kind: FindingKind;
  id: number;
  toId?: number;
  reason: string;
}

interface Counts {
  checked: number;
  /** Events with a keyed (HMAC) hash, and events from before the switch with a plain SHA-256. */
  keyed: number;
  plain: number;
  /** Heads read from the log stream (0 without one). */
  streamHeads: number;
}

export type ChainReport =
  | ({ ok: true } & Counts)
  | ({
      ok: false;
      /** The first finding's event, and how many events before it verified. */
      brokenAt: number;
      reason: string;
      findings: ChainFinding[];
    } & Counts);

export interface VerifyOptions {
  pageSize?: number;
  /** The heads the consoles logged (head-log.ts), from every instance: finds deleted newest events. */
  stream?: ChainHead[];
  /** The chain key; by default derived from KEYWARD_SECRET. */
  key?: Buffer;
}

/** Findings kept, at most: runs are merged, so this only caps a chain broken in very many places. */
const MAX_FINDINGS = 200;

const REASONS: Record<Exclude<FindingKind, "rewritten" | "deleted" | "deleted-newest">, string> = {
  edited: "its content no longer matches its keyed hash (the event was edited, or inserted by someone without the key)",
  recomputed:
    "every event of this run fails the keyed check although each links to the one before: the chain was recomputed from here by someone without the key (an edit, insertion or deletion here, with the later hashes redone)",
  unlinked: "it does not link to the event before it (an event was deleted or inserted)",
  unkeyed:
    "it carries a plain hash after keyed events: it was inserted or rewritten by someone without the key (the console writes only keyed events once the first one exists)",
};

/**
 * Walks the chain in id order, in pages, and reports what is wrong: every event's link to the one
 * before, its hash (keyed events: HMAC under the chain key; events from before the switch: plain
 * SHA-256), and no plain event after a keyed one. With the log stream's heads it also finds the
 * newest events deleted (a head the database no longer has) and events rewritten after they were
 * logged (a different hash for the head's id). Without it, deleting the newest events leaves a
 * shorter chain that verifies: only the stream shows it.
 */
export async function verifyAuditChain(db: Db, options: VerifyOptions = {}): Promise<ChainReport> {
  const pageSize = options.pageSize ?? 5000;
  const key = options.key ?? chainKey(env().KEYWARD_SECRET);
  const stream = new Map<number, Set<string>>();
  for (const head of options.stream ?? []) {
    const hashes = stream.get(head.id) ?? new Set<string>();
    hashes.add(head.hash);
    stream.set(head.id, hashes);
  }
  const findings: ChainFinding[] = [];
  const note = (kind: FindingKind, id: number, reason?: string) => {
    const last = findings.at(-1);
    if (last && last.kind === kind && !reason && (last.toId ?? last.id) === previousId) {
      last.toId = id;
      return;
    }
    if (findings.length < MAX_FINDINGS) findings.push({ kind, id, reason: reason ?? REASONS[kind as "edited"] });
  };
  const counts: Counts = { checked: 0, keyed: 0, plain: 0, streamHeads: options.stream?.length ?? 0 };
  let checkedBeforeFirst: number | null = null;
  let prevHash = GENESIS_HASH;
  let previousId = 0;
  let seenKeyed = false;
  let lastId = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.id, lastId))
      .orderBy(asc(auditEvents.id))
      .limit(pageSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.prevHash !== prevHash) note("unlinked", row.id);
      if (row.keyed) {
        seenKeyed = true;
        counts.keyed++;
        if (keyedEventHash(key, row.prevHash, row) !== row.hash) note("edited", row.id);
      } else {
        counts.plain++;
        if (seenKeyed) note("unkeyed", row.id);
        else if (eventHash(row.prevHash, row) !== row.hash) note("edited", row.id);
      }
      for (const logged of stream.get(row.id) ?? []) {
        if (logged !== row.hash)
          note(
            "rewritten",
            row.id,
            `the log stream recorded hash ${logged.slice(0, 16)}… for this event, the database has ${row.hash.slice(0, 16)}…: it was rewritten, or deleted with its id reused, after it was logged`,
          );
      }
      stream.delete(row.id);
      if (checkedBeforeFirst === null && findings.length > 0) checkedBeforeFirst = counts.checked;
      prevHash = row.hash;
      previousId = row.id;
      lastId = row.id;
      counts.checked++;
    }
  }
  // Heads the stream has and the database does not.
  const newest = lastId;
  const missing = [...stream.keys()].sort((a, b) => a - b);
  const beyond = missing.filter((id) => id > newest);
  for (const id of missing.filter((id) => id <= newest))
    findings.push({
      kind: "deleted",
      id,
      reason: "the log stream recorded this event, the database no longer has it (deleted)",
    });
  if (beyond.length)
    findings.push({
      kind: "deleted-newest",
      id: newest + 1,
      toId: beyond.at(-1),
      reason: `the log stream recorded events up to ${beyond.at(-1)}, the database ends at ${newest || "no event"}: the newest events were deleted`,
    });
  // A run of failed keyed checks, each linked to the one before, is a recomputation, not separate edits.
  const merged = findings.map((f) =>
    f.kind === "edited" && f.toId !== undefined ? { ...f, kind: "recomputed" as const, reason: REASONS.recomputed } : f,
  );
  if (merged.length === 0) return { ok: true, ...counts };
  const first = merged[0]!;
  return {
    ok: false,
    ...counts,
    checked: checkedBeforeFirst ?? counts.checked,
    brokenAt: first.id,
    reason: first.reason,
    findings: merged,
  };
}
