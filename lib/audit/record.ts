import { desc, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema";
import { GENESIS_HASH, eventHash } from "./hash";
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

/**
 * Appends one event to the hash chain. Call it inside the transaction of the change it
 * records: if the event cannot be written, the change rolls back with it (fail closed).
 */
export async function recordAudit(tx: Db, input: AuditEventInput): Promise<void> {
  // Checked before anything is written, so the caller's transaction rolls back (fail closed).
  const secretField = secretFieldPath(input.detail ?? {});
  if (secretField) throw new SecretInAuditDetailError(input.action, secretField);
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const [last] = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
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
  await tx.insert(auditEvents).values({ ...fields, prevHash, hash: eventHash(prevHash, fields) });
}

/** Records an event on its own, for outcomes that change nothing else (a failed vendor call, a denied login). */
export function recordAuditAlone(db: Db, input: AuditEventInput): Promise<void> {
  return db.transaction((tx) => recordAudit(tx as unknown as Db, input));
}
