import { createHmac, hkdfSync, randomInt } from "node:crypto";

export const RECOVERY_CODE_COUNT = 10;
// No 0/o, 1/l/i: codes are read off paper.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const LENGTH = 16;

/** A fresh code, shown as four groups of four: about 79 bits of chance. */
export function newRecoveryCode(): string {
  let code = "";
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code.match(/.{4}/g)!.join("-");
}

/** The code as typed (any case, spaces or dashes), or null when it cannot be one. */
export function normalRecoveryCode(input: string): string | null {
  const code = input.toLowerCase().replace(/[\s-]/g, "");
  return code.length === LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : null;
}

const keyCache = new Map<string, Buffer>();

/**
 * What is stored: an HMAC keyed from the console secret, so a copy of the database alone gives
 * no way to test guesses offline.
 */
export function recoveryCodeHash(consoleSecret: string, normalCode: string): string {
  let key = keyCache.get(consoleSecret);
  if (!key)
    keyCache.set(
      consoleSecret,
      (key = Buffer.from(hkdfSync("sha256", consoleSecret, "keyward", "recovery-codes", 32))),
    );
  return createHmac("sha256", key).update(normalCode).digest("base64url");
}
