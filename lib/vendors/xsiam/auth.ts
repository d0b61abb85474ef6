import { createHash, randomInt, timingSafeEqual } from "node:crypto";

/**
 * Cortex XSIAM public-API authentication, shared by the adapter (to sign) and the emulator
 * (to check), so both read the scheme from one place.
 *
 * - standard key: `Authorization: <raw key>` plus `x-xdr-auth-id: <key id>`.
 * - advanced key: `Authorization` = lowercase hex SHA-256 of `key + nonce + timestamp`
 *   (plain concatenation, no HMAC), the nonce 64 chars of [A-Za-z0-9], the timestamp epoch
 *   milliseconds as a decimal string, sent as `x-xdr-nonce` / `x-xdr-timestamp`.
 */

export type XsiamSecurityLevel = "standard" | "advanced";

const NONCE_LENGTH = 64;
const NONCE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const NONCE_PATTERN = /^[A-Za-z0-9]{64}$/;

export function isSecurityLevel(value: unknown): value is XsiamSecurityLevel {
  return value === "standard" || value === "advanced";
}

/** 64 characters from a CSPRNG; `randomInt` avoids the modulo bias of mapping random bytes. */
export function makeNonce(): string {
  let nonce = "";
  for (let i = 0; i < NONCE_LENGTH; i++) nonce += NONCE_ALPHABET[randomInt(NONCE_ALPHABET.length)];
  return nonce;
}

export function advancedAuthorization(apiKey: string, nonce: string, timestamp: string): string {
  return createHash("sha256")
    .update(apiKey + nonce + timestamp, "utf8")
    .digest("hex");
}

export interface XsiamCredentials {
  keyId: string;
  apiKey: string;
  level: XsiamSecurityLevel;
}

/** The auth headers of one request; an advanced key gets a fresh nonce and timestamp every call. */
export function authHeaders(
  creds: XsiamCredentials,
  opts: { now?: number; nonce?: string } = {},
): Record<string, string> {
  if (creds.level === "standard") return { "x-xdr-auth-id": creds.keyId, authorization: creds.apiKey };
  const nonce = opts.nonce ?? makeNonce();
  const timestamp = String(opts.now ?? Date.now());
  return {
    "x-xdr-auth-id": creds.keyId,
    "x-xdr-nonce": nonce,
    "x-xdr-timestamp": timestamp,
    authorization: advancedAuthorization(creds.apiKey, nonce, timestamp),
  };
}

/** Constant-time string comparison for secrets and digests. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}
