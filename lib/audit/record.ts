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
export async function recordAudit(tx: Db, input: AuditEventInput): Promise<void> {
  // Checked before anything is written, so the caller's transaction rolls back (fail closed).
  const secretField = secretFieldPath(input.detail ?? {});
  if (secretField) throw new SecretInAuditDetailError(input.action, secretField);
  if (!singleConnection(tx) && !holdingLock.has(tx)) {
    // Its own statement: the insert below must take its snapshot after the lock is granted, so
    // that it sees the event of whoever held the lock before.
    await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
    // Released only when the transaction ends; a bare db (no transaction) releases it at once.
    if (isTransaction(tx)) holdingLock.add(tx);
  }
  const fields = {
    at: new Date(),
    teamId: input.teamId ?? null,
    actorId: input.actor?.id ?? null,
    actorEmail: input.actor?.email ?? null,
    action: input.action,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    outcome: input.outcome,
    detail: input.detail ?? {},
  };
  // Reading the last hash and appending in one statement saves a round trip. The link is
  // lib/audit/hash.ts's eventHash — SHA-256 of prevHash, "\n" and the canonical body, as UTF-8 —
  // computed by the database because only it knows prevHash at that moment; verify.ts
  // recomputes it in JavaScript, and the chain tests check both agree.
  await tx.execute(sql`
    insert into audit_events (at, team_id, actor_id, actor_email, action, target_type, target_id, outcome, detail, prev_hash, hash)
    select ${fields.at.toISOString()}::timestamptz, ${fields.teamId}::uuid, ${fields.actorId}::uuid, ${fields.actorEmail}, ${fields.action},
           ${fields.targetType}, ${fields.targetId}, ${fields.outcome}, ${JSON.stringify(fields.detail)}::jsonb,
           prev.hash, encode(sha256(convert_to(prev.hash || chr(10) || ${eventBody(fields)}, 'UTF8')), 'hex')
    from (select coalesce((select hash from audit_events order by id desc limit 1), ${GENESIS_HASH}) as hash) as prev`);
}

/** Records an event on its own, for outcomes that change nothing else (a failed vendor call, a denied login). */
export function recordAuditAlone(db: Db, input: AuditEventInput): Promise<void> {
  return db.transaction((tx) => recordAudit(tx as unknown as Db, input));
}
