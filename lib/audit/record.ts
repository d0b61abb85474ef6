import { sql, type SQL, type WithSubquery } from "drizzle-orm";
import { inTransaction } from "@/lib/db/transaction";
import type { Db } from "@/lib/db/client";
import { GENESIS_HASH, eventBody } from "./hash";
import { SecretInAuditDetailError, secretFieldPath } from "./secret-guard";

type AuditOutcome = "success" | "failure" | "denied";

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
  const parts = auditParts(inputs);
  if (parts.length === 0) return;
  await tx.execute(
    sql`with ${sql.join(
      parts.map((p) => sql`${sql.identifier(p.name)} as (${p.query})`),
      sql`, `,
    )} select 1`,
  );
}

/**
 * The same events as common table expressions for the statement of the change they record, so
 * change and events are one statement — atomic without a transaction, and one round trip:
 * `tx.with(...auditCtes(tx, events)).insert(…)`. At most one batch per statement.
 */
export function auditCtes(tx: Db, inputs: AuditEventInput[]): WithSubquery[] {
  return auditParts(inputs).map((p) => tx.$with(p.name, {}).as(p.query));
}

/**
 * The chain's last hash comes from audit_chain_head() (migration 0008): it takes the chain's
 * advisory lock — serialising appenders across console instances until the transaction ends —
 * and, being VOLATILE, reads the last event with a snapshot taken after the lock was granted,
 * so it sees the event of whoever held the lock before, even from inside a larger statement.
 * Then h<n> is the hash of the n-th event appended here: lib/audit/hash.ts's eventHash —
 * SHA-256 of the previous hash, "\n" and the canonical body, as UTF-8 — computed by the database
 * because only it knows the previous hash at that moment; verify.ts recomputes it in
 * JavaScript, and the chain tests check both agree.
 */
function auditParts(inputs: AuditEventInput[]): Array<{ name: string; query: SQL }> {
  if (inputs.length === 0) return [];
  // Checked before anything is written, so the caller's transaction rolls back (fail closed).
  for (const input of inputs) {
    const secretField = secretFieldPath(input.detail ?? {});
    if (secretField) throw new SecretInAuditDetailError(input.action, secretField);
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
  const h = (i: number) => sql.identifier(`audit_h${i}`);
  const links = rows.map((f, i) => ({
    name: `audit_h${i + 1}`,
    query: sql`select encode(sha256(convert_to(hash || chr(10) || ${eventBody(f)}, 'UTF8')), 'hex') as hash from ${h(i)}`,
  }));
  const selects = rows.map(
    (f, i) => sql`
    select ${f.at.toISOString()}::timestamptz, ${f.teamId}::uuid, ${f.actorId}::uuid, ${f.actorEmail}, ${f.action},
           ${f.targetType}, ${f.targetId}, ${f.outcome}, ${JSON.stringify(f.detail)}::jsonb, prev.hash, next.hash
    from ${h(i)} as prev, ${h(i + 1)} as next`,
  );
  return [
    { name: "audit_h0", query: sql`select audit_chain_head(${GENESIS_HASH}) as hash` },
    ...links,
    {
      name: "audit_appended",
      query: sql`insert into audit_events (at, team_id, actor_id, actor_email, action, target_type, target_id, outcome, detail, prev_hash, hash) ${sql.join(selects, sql` union all `)}`,
    },
  ];
}

/** Records an event on its own, for outcomes that change nothing else (a failed vendor call, a denied login). */
export function recordAuditAlone(db: Db, input: AuditEventInput): Promise<void> {
  return inTransaction(db, (tx) => recordAudit(tx, input));
}
