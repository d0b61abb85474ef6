import { sql, type SQL, type WithSubquery } from "drizzle-orm";
import { env } from "@/lib/env";
import { inTransaction, isTransaction, onCommit } from "@/lib/db/transaction";
import type { Db } from "@/lib/db/client";
import { GENESIS_HASH, chainKey, keyedEventHash, type HashedFields } from "./hash";
import { logChainHead } from "./head-log";
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

/** Appends several events, in this order, each linked to the one before it, the first to the chain's last event. */
export async function recordAudits(tx: Db, inputs: AuditEventInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await append(tx, inputs, (q, parts) =>
    q.execute(
      sql`with ${sql.join(
        parts.map((p) => sql`${sql.identifier(p.name)} as (${p.query})`),
        sql`, `,
      )} select 1`,
    ),
  );
}

/** Records an event on its own, for outcomes that change nothing else (a failed vendor call, a denied login). */
export function recordAuditAlone(db: Db, input: AuditEventInput): Promise<void> {
  return recordAudit(db, input);
}

/** Where the chain ends: the last event's id and hash (0 and the genesis hash when it is empty). */
interface Tip {
  id: number;
  hash: string;
}

interface LinkedRow extends HashedFields {
  id: number;
  prevHash: string;
  hash: string;
}

/** What each console (each database handle) last saw the chain end at: its next append's guess. */
const knownTips = new WeakMap<object, Tip>();

/** Optimistic appends tried before an appender queues on the chain's lock in a transaction of its own. */
const OPTIMISTIC_TRIES = 4;

/**
 * Runs `statement` — the change being audited — with the events as common table expressions to
 * put in it (`q.with(...ctes).insert(…)`), so change and events commit together. Each event's
 * hash is HMAC-SHA256, under a key derived from KEYWARD_SECRET, of the previous hash, "\n" and
 * its canonical body (hash.ts keyedEventHash); it is computed here, in the console, because the
 * key must never reach the database (a superuser could replace any SQL function to capture it).
 *
 * The database serialises appenders on the chain's advisory lock and says where the chain ends:
 * - in a transaction (inTransaction), audit_chain_tip() takes the lock and reads the end, one
 *   round trip; the hashes are computed on it, and the lock holds until the transaction ends;
 * - on its own, the statement is its own transaction: the hashes are computed on the end this
 *   console last saw, and audit_chain_expect() in the statement takes the lock and checks that
 *   end. If another appender moved it, the statement fails whole (SQLSTATE KW001, naming the
 *   actual end) and runs again on it — no extra round trip when this console appended last.
 *
 * `statement` may therefore run more than once, on `db` or on a transaction: it must only do
 * database work. Once the events have committed, their last id and hash go to the log
 * (head-log.ts), so the chain's head is kept outside the database too.
 */
export function withAuditEvents<T>(
  db: Db,
  inputs: AuditEventInput[],
  statement: (q: Db, ctes: WithSubquery[]) => Promise<T>,
): Promise<T> {
  return append(db, inputs, (q, parts) =>
    statement(
      q,
      parts.map((p) => q.$with(p.name, {}).as(p.query)),
    ),
  );
}

interface Part {
  name: string;
  query: SQL;
}

async function append<T>(
  db: Db,
  inputs: AuditEventInput[],
  statement: (q: Db, parts: Part[]) => Promise<T>,
): Promise<T> {
  if (inputs.length === 0) return statement(db, []);
  // Checked before anything is written, so the caller's transaction rolls back (fail closed).
  for (const input of inputs) {
    const secretField = secretFieldPath(input.detail ?? {});
    if (secretField) throw new SecretInAuditDetailError(input.action, secretField);
  }
  const fields = contentOf(inputs);
  if (isTransaction(db)) {
    const tip = await lockedTip(db);
    const rows = linked(tip, fields);
    const result = await statement(db, appendParts(tip, rows));
    onCommit(db, () => logChainHead(rows.at(-1)!));
    return result;
  }
  for (let attempt = 0; attempt < OPTIMISTIC_TRIES; attempt++) {
    const tip = knownTips.get(db) ?? (await lastTip(db));
    const rows = linked(tip, fields);
    try {
      const result = await statement(db, appendParts(tip, rows));
      const last = rows.at(-1)!;
      knownTips.set(db, { id: last.id, hash: last.hash });
      logChainHead(last);
      return result;
    } catch (err) {
      const moved = movedTip(err);
      if (!moved) throw err;
      knownTips.set(db, moved === "unknown" ? await lastTip(db) : moved);
    }
  }
  // Busy with other consoles' appends: wait for the lock instead of guessing again.
  return inTransaction(db, (tx) => append(tx, inputs, statement));
}

function contentOf(inputs: AuditEventInput[]): HashedFields[] {
  const at = new Date();
  return inputs.map((input) => ({
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
}

/** The events with their ids (following the chain's last) and keyed hashes, each linked to the one before. */
function linked(tip: Tip, fields: HashedFields[]): LinkedRow[] {
  const key = chainKey(env().KEYWARD_SECRET);
  let prev = tip;
  return fields.map((f) => {
    const row = { ...f, id: prev.id + 1, prevHash: prev.hash, hash: keyedEventHash(key, prev.hash, f) };
    prev = row;
    return row;
  });
}

const tipOf = (rows: Array<{ id: unknown; hash: string }>): Tip =>
  rows[0] ? { id: Number(rows[0].id), hash: rows[0].hash } : { id: 0, hash: GENESIS_HASH };

/** The chain's end under its lock (held until the transaction ends). */
async function lockedTip(tx: Db): Promise<Tip> {
  const result = await tx.execute<{ id: unknown; hash: string }>(sql`select id, hash from audit_chain_tip()`);
  return tipOf((result as unknown as { rows: Array<{ id: unknown; hash: string }> }).rows);
}

/** The chain's end as last committed, without the lock: a guess that audit_chain_expect() checks. */
async function lastTip(db: Db): Promise<Tip> {
  const result = await db.execute<{ id: unknown; hash: string }>(
    sql`select id, hash from audit_events order by id desc limit 1`,
  );
  return tipOf((result as unknown as { rows: Array<{ id: unknown; hash: string }> }).rows);
}

/** The actual end named by a KW001 failure of audit_chain_expect(), "unknown" when its detail is missing; null for any other error. */
function movedTip(err: unknown): Tip | "unknown" | null {
  for (
    let e: unknown = err, depth = 0;
    e && typeof e === "object" && depth < 4;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    if ((e as { code?: unknown }).code !== "KW001") continue;
    const match = /^(\d+) ([0-9a-f]{64})$/.exec(String((e as { detail?: unknown }).detail ?? ""));
    return match ? { id: Number(match[1]), hash: match[2]! } : "unknown";
  }
  return null;
}

/**
 * audit_tip checks, under the chain's lock, that the chain still ends at `tip`; audit_appended
 * inserts the linked rows, after it (it reads audit_tip), with the hashes computed here. The
 * statement carries hashes, never the key.
 */
function appendParts(tip: Tip, rows: LinkedRow[]): Part[] {
  const values = rows.map(
    (
      f,
    ) => sql`(${f.id}::bigint, ${f.at.toISOString()}::timestamptz, ${f.teamId}::uuid, ${f.actorId}::uuid, ${f.actorEmail}::text,
           ${f.action}::text, ${f.targetType}::text, ${f.targetId}::text, ${f.outcome}::text, ${JSON.stringify(f.detail)}::jsonb,
           ${f.prevHash}::text, ${f.hash}::text)`,
  );
  return [
    { name: "audit_tip", query: sql`select audit_chain_expect(${tip.id}::bigint, ${tip.hash}::text) as id` },
    {
      name: "audit_appended",
      query: sql`insert into audit_events (id, at, team_id, actor_id, actor_email, action, target_type, target_id, outcome, detail, prev_hash, hash, keyed)
          select v.*, true from (values ${sql.join(values, sql`, `)}) as v, audit_tip`,
    },
  ];
}
