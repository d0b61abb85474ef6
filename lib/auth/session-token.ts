import "server-only";
import { hkdfSync } from "node:crypto";
import { jwtDecrypt } from "jose";

/**
 * Reads the user id out of next-auth's session cookie the way `getServerSession` does for a
 * route handler or server component — same cookie, same key, same checks — without what it
 * costs per request there: building the auth options, deriving the encryption key with HKDF,
 * and encrypting a renewed token that a route handler throws away (it cannot set cookies).
 *
 * next-auth v4 (`next-auth/jwt`): the token is a JWE, `dir` + `A256GCM`, under a key derived by
 * HKDF-SHA256 from the auth secret with an empty salt and the info below; `jwtDecrypt` checks
 * the authentication tag and the `exp`/`nbf` claims with 15 seconds of clock tolerance.
 */
const ENCRYPTION_INFO = "NextAuth.js Generated Encryption Key";
const CLOCK_TOLERANCE_S = 15;

const keyCache = new Map<string, Uint8Array>();

/** The derived key depends on the secret alone, so it is derived once per secret. */
function encryptionKey(secret: string): Uint8Array {
  let key = keyCache.get(secret);
  if (!key) {
    key = new Uint8Array(hkdfSync("sha256", secret, "", ENCRYPTION_INFO, 32));
    keyCache.set(secret, key);
  }
  return key;
}

/** next-auth's cookie name; `__Secure-` when the console's URL is https (`useSecureCookies`). */
export function sessionCookieName(secure: boolean): string {
  return `${secure ? "__Secure-" : ""}next-auth.session-token`;
}

/**
 * The session token as next-auth's SessionStore assembles it: every cookie whose name starts
 * with the session cookie's name, ordered by chunk number (`.0`, `.1`, …) and joined.
 */
export function sessionTokenFrom(cookies: ReadonlyArray<{ name: string; value: string }>, cookieName: string): string {
  const chunks = cookies.filter((c) => c.name.startsWith(cookieName));
  const suffix = (name: string) => parseInt(name.split(".").pop() ?? "0");
  return chunks
    .sort((a, b) => suffix(a.name) - suffix(b.name) || 0)
    .map((c) => c.value)
    .join("");
}

/**
 * The `uid` claim of a valid session token, or null when the token is missing, altered, made
 * with another secret, expired or not yet valid — the cases where getServerSession answers null.
 */
export async function sessionUserId(token: string, secret: string): Promise<string | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtDecrypt(token, encryptionKey(secret), {
      clockTolerance: CLOCK_TOLERANCE_S,
      // next-auth only ever issues these; refusing others up front costs nothing and rules out
      // key-wrapping algorithms (PBES2's iteration count) that a forged header could ask for.
      keyManagementAlgorithms: ["dir"],
      contentEncryptionAlgorithms: ["A256GCM"],
    });
    return typeof payload.uid === "string" ? payload.uid : null;
  } catch {
    return null;
  }
}
