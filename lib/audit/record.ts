import { entityKind, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db } from "@/lib/db/client";
import { GENESIS_HASH, eventBody } from "./hash";
import { SecretInAuditDetailError, secretFieldPath } from "./secret-guard";

export type AuditOutcome = "success" | "failure" | "denied";

export interface AuditEventInput {
  teamId?: string | null;
  actor?: { id: string; email: string } | null;
  /** Dotted verb, e.g. "key.issue", "connection.test", "auth.login". */
  action: string;
  target?: { type: string; id: string } | null;
  outcome: AuditOutcome;
  /** Facts about the event. Never a secret, password or key: callers pass only what is safe to keep. */
  detail?: Record<string, unknown>;
}

// Serialises writers across every console instance so each event links to its true predecessor.
const CHAIN_LOCK = 0x61756474;

/** Transactions that already hold the chain lock (it is held until they end). */
const holdingLock = new WeakSet<Db>();

/**
 * PGlite is one process and one connection per data directory, and runs one transaction at a
 * time: no other writer can come between reading the last hash and appending. PostgreSQL
 * serves any number of console instances, which the advisory lock serialises.
 */
function singleConnection(db: Db): boolean {
  const session = db._.session.constructor as unknown as { [entityKind]?: string };
  return session[entityKind] === "PgliteSession";
}

function isTransaction(db: Db): boolean {
  return db instanceof PgTransaction;
}

/**
 * Appends one event to the hash chain. Call it inside the transaction of the change it
 * records: if the event cannot be written, the change rolls back with it (fail closed).
 */
export function recordAudit(tx: Db, input: AuditEventInput): Promise<void> {
  return recordAudits(tx, [input]);
}

/**
 * Appends several events, in this order, in one statement: each links to the one before it,
 * the first to the chain's last event. One round trip however many events a change makes.
 */
export async function recordAudits(tx: Db, inputs: AuditEventInput[]): Promise<void> {
  if (inputs.length === 0) return;
  // Checked before anything is written, so the caller's transaction rolls back (fail closed).
  for (const input of inputs) {
    const secretField = secretFieldPath(input.detail ?? {});
    if (secretField) throw new SecretInAuditDetailError(input.action, secretField);
  }
  if (!singleConnection(tx) && !holdingLock.has(tx)) {
    // Its own statement: the insert below must take its snapshot after the lock is granted, so
    // that it sees the event of whoever held the lock before.
    await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
    // Released only when the transaction ends; a bare db (no transaction) releases it at once.
    if (isTransaction(tx)) holdingLock.add(tx);
  }
  const at = new Date();
  const rows = inputs.map((input) => ({
    at,
    teamId: input.teamId ?? null,
    actorId: input.actor?.id ?? null,
    actorEmail: input.actor?.email ?? null,
    action: input.action,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    outcome: input.outcome,
    detail: input.detail ?? {},
  }));
  // Reading the last hash and appending in one statement saves a round trip. The link is
  // lib/audit/hash.ts's eventHash — SHA-256 of prevHash, "\n" and the canonical body, as UTF-8 —
  // computed by the database because only it knows prevHash at that moment; verify.ts
  // recomputes it in JavaScript, and the chain tests check both agree. h0 is the chain's last
  // hash, h<n> the hash of the n-th event appended here.
  const links = rows.map((f, i) => sql`, ${sql.raw(`h${i + 1}`)} as (select encode(sha256(convert_to(hash || chr(10) || ${eventBody(f)}, 'UTF8')), 'hex') as hash from ${sql.raw(`h${i}`)})`);
  const selects = rows.map((f, i) => sql`
    select ${f.at.toISOString()}::timestamptz, ${f.teamId}::uuid, ${f.actorId}::uuid, ${f.actorEmail}, ${f.action},
           ${f.targetType}, ${f.targetId}, ${f.outcome}, ${JSON.stringify(f.detail)}::jsonb, prev.hash, next.hash
    from ${sql.raw(`h${i}`)} as prev, ${sql.raw(`h${i + 1}`)} as next`);
  await tx.execute(sql`
    with h0 as (select coalesce((select hash from audit_events order by id desc limit 1), ${GENESIS_HASH}) as hash)${sql.join(links, sql``)}
    insert into audit_events (at, team_id, actor_id, actor_email, action, target_type, target_id, outcome, detail, prev_hash, hash)
    ${sql.join(selects, sql` union all `)}`);
}

/** Records an event on its own, for outcomes that change nothing else (a failed vendor call, a denied login). */
export function recordAuditAlone(db: Db, input: AuditEventInput): Promise<void> {
  return db.transaction((tx) => recordAudit(tx as unknown as Db, input));
}
