import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * AES-256-GCM sealing of vendor credentials at rest. The key is derived from the console
 * secret with HKDF (once per secret, not per call), and the row id is bound in as
 * additional data so a sealed value copied onto another row does not open.
 */
const VERSION = "v1";
const keyCache = new Map<string, Buffer>();

function keyFor(consoleSecret: string): Buffer {
  let key = keyCache.get(consoleSecret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", consoleSecret, "keyward", "vendor-credentials", 32));
    keyCache.set(consoleSecret, key);
  }
  return key;
}

export function seal(consoleSecret: string, boundTo: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(consoleSecret), iv);
  cipher.setAAD(Buffer.from(boundTo));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    VERSION,
    iv.toString("base64url"),
    body.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
  ].join(".");
}

export class UnsealError extends Error {
  constructor() {
    super("Stored credentials could not be decrypted: the console secret changed or the value was altered.");
  }
}

export function unseal(consoleSecret: string, boundTo: string, sealed: string): string {
  const [version, iv, body, tag] = sealed.split(".");
  if (version !== VERSION || !iv || !body || !tag) throw new UnsealError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(consoleSecret), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(boundTo));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new UnsealError();
  }
}
