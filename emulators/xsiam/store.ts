import { randomInt } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { advancedAuthorization, sameSecret, type XsiamSecurityLevel } from "@/lib/vendors/xsiam/auth";
import { CHILD_TENANT, MAIN_TENANT, SEEDED_KEYS, SEEDED_ROLES, TRIAL_TENANT } from "./seed";

/** In-memory tenants, roles and keys of the XSIAM emulator, and the public-API auth check. */

interface EmulatedRole {
  roleId: string;
  prettyName: string;
  description: string;
  permissions: string[];
  insertTime: number;
}

export interface EmulatedKey {
  id: number;
  key: string;
  level: XsiamSecurityLevel;
  roles: string[];
  comment: string | null;
  expiration: number | null;
  creationTime: number;
  createdBy: string;
  tenant: string;
  scope?: unknown;
}

export interface EmulatedTenant {
  id: string;
  licensed: boolean;
  children: string[];
  roles: Map<string, EmulatedRole>;
}

export type AuthResult = { ok: true; key: EmulatedKey } | { ok: false; reason: string };

const KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * The documentation asks for a "64 byte random string" (its example: 64 letters and digits, which
 * Keyward sends), but clients send other lengths and alphabets (hex digests, UUIDs, URL-safe
 * base64) and the tenant takes them: any printable header token is a nonce; replays are what count.
 */
const ACCEPTED_NONCE = /^[\x21-\x7e]{1,256}$/;

export class XsiamStore {
  readonly tenants = new Map<string, EmulatedTenant>();
  /** Key ids are unique across tenants, as the auth header carries no tenant. */
  readonly keys = new Map<number, EmulatedKey>();
  private readonly nonces = new Map<string, number>();
  private nextId = 3000;

  constructor(
    readonly now: () => number,
    readonly skewMs: number,
  ) {
    const seededAt = now();
    const roles = () =>
      new Map(SEEDED_ROLES.map((r) => [r.prettyName, { ...r, permissions: [...r.permissions], insertTime: seededAt }]));
    this.tenants.set(MAIN_TENANT, { id: MAIN_TENANT, licensed: true, children: [CHILD_TENANT], roles: roles() });
    this.tenants.set(TRIAL_TENANT, { id: TRIAL_TENANT, licensed: false, children: [], roles: roles() });
    this.tenants.set(CHILD_TENANT, { id: CHILD_TENANT, licensed: true, children: [], roles: roles() });
    for (const seed of Object.values(SEEDED_KEYS)) {
      this.keys.set(seed.id, {
        id: seed.id,
        key: seed.key,
        level: seed.level,
        roles: [...seed.roles],
        comment: "seeded by the emulator",
        expiration: null,
        creationTime: seededAt,
        createdBy: "admin@acme.example",
        tenant: seed.tenant,
      });
    }
  }

  keysOf(tenant: string): EmulatedKey[] {
    return [...this.keys.values()].filter((k) => k.tenant === tenant);
  }

  permissionsOf(key: EmulatedKey): Set<string> {
    const roles = this.tenants.get(key.tenant)?.roles;
    return new Set(key.roles.flatMap((name) => roles?.get(name)?.permissions ?? []));
  }

  addKey(fields: Omit<EmulatedKey, "id" | "key" | "creationTime">): EmulatedKey {
    let key = "";
    for (let i = 0; i < 128; i++) key += KEY_ALPHABET[randomInt(KEY_ALPHABET.length)];
    const stored: EmulatedKey = { ...fields, id: this.nextId++, key, creationTime: this.now() };
    this.keys.set(stored.id, stored);
    return stored;
  }

  /**
   * Standard keys: the raw key in Authorization (nonce/timestamp headers ignored). Advanced keys:
   * SHA-256(key + nonce + timestamp), the timestamp within the skew window, each nonce used once.
   */
  authenticate(headers: IncomingHttpHeaders): AuthResult {
    const header = (name: string) => {
      const v = headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const id = Number(header("x-xdr-auth-id"));
    const authorization = header("authorization") ?? "";
    if (!Number.isSafeInteger(id) || !authorization)
      return { ok: false, reason: "missing x-xdr-auth-id or authorization" };
    const key = this.keys.get(id);
    const now = this.now();
    if (!key) return { ok: false, reason: "unknown key id" };
    if (key.expiration !== null && key.expiration <= now) return { ok: false, reason: "key expired" };
    if (key.level === "standard")
      return sameSecret(authorization, key.key) ? { ok: true, key } : { ok: false, reason: "wrong key" };

    const nonce = header("x-xdr-nonce") ?? "";
    const timestamp = header("x-xdr-timestamp") ?? "";
    if (!ACCEPTED_NONCE.test(nonce) || !/^\d{1,16}$/.test(timestamp))
      return { ok: false, reason: "bad nonce or timestamp" };
    if (Math.abs(now - Number(timestamp)) > this.skewMs)
      return { ok: false, reason: "timestamp outside the allowed clock skew" };
    if (!sameSecret(authorization.toLowerCase(), advancedAuthorization(key.key, nonce, timestamp)))
      return { ok: false, reason: "wrong hash" };
    this.pruneNonces(now);
    const nonceKey = `${id}:${nonce}`;
    if (this.nonces.has(nonceKey)) return { ok: false, reason: "nonce reused" };
    this.nonces.set(nonceKey, now);
    return { ok: true, key };
  }

  private pruneNonces(now: number) {
    for (const [k, seenAt] of this.nonces) if (now - seenAt > 2 * this.skewMs) this.nonces.delete(k);
  }

  counts(): Record<string, { keys: number; expired: number }> {
    const now = this.now();
    const out: Record<string, { keys: number; expired: number }> = {};
    for (const id of this.tenants.keys()) {
      const keys = this.keysOf(id);
      out[id] = { keys: keys.length, expired: keys.filter((k) => k.expiration !== null && k.expiration <= now).length };
    }
    return out;
  }
}
