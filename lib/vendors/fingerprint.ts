import { createHash, X509Certificate } from "node:crypto";

export function normalizeFingerprint(value: string): string {
  return value.replace(/[^0-9a-f]/gi, "").toUpperCase();
}

/** SHA-256 fingerprint of a PEM certificate, in the colon form browsers and openssl show. */
export function certificateFingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

/** What the console keeps to recognise a secret later: its SHA-256 and its last four characters. */
export function secretFingerprint(secret: string): { fingerprint: string; lastFour: string } {
  return { fingerprint: createHash("sha256").update(secret).digest("hex"), lastFour: secret.slice(-4) };
}
