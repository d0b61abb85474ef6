import { createHash, createHmac, hkdfSync } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export interface HashedFields {
  at: Date;
  teamId: string | null;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  detail: Record<string, unknown>;
}

/** Stable JSON: object keys sorted, so the hash does not depend on how a driver orders jsonb keys. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The text an event's hash covers after its predecessor's hash: its content as canonical JSON. */
function eventBody(e: HashedFields): string {
  // Named fields only: a stored row also carries id, prevHash and hash, which are not its content.
  return canonical({
    at: e.at.toISOString(),
    teamId: e.teamId,
    actorId: e.actorId,
    actorEmail: e.actorEmail,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    outcome: e.outcome,
    detail: e.detail,
  });
}

/**
 * The plain link of events written before the chain was keyed: SHA-256 (hex) of the previous
 * event's hash, a newline, and the event's body (UTF-8). Anyone can compute it — so anyone with
 * write access to the table can recompute it; only kept to verify those older rows.
 */
export function eventHash(prevHash: string, e: HashedFields): string {
  return createHash("sha256").update(prevHash).update("\n").update(eventBody(e)).digest("hex");
}

const keyCache = new Map<string, Buffer>();

/**
 * The chain's key: HKDF-SHA256 of the console secret, for this use only. It lives in the
 * console's memory; no statement ever carries it, so a database superuser cannot learn it.
 */
export function chainKey(consoleSecret: string): Buffer {
  let key = keyCache.get(consoleSecret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", consoleSecret, "keyward", "audit-chain", 32));
    keyCache.set(consoleSecret, key);
  }
  return key;
}

/** The keyed link: HMAC-SHA256 (hex) under the chain key of the same text eventHash covers. */
export function keyedEventHash(key: Buffer, prevHash: string, e: HashedFields): string {
  return createHmac("sha256", key).update(prevHash).update("\n").update(eventBody(e)).digest("hex");
}
