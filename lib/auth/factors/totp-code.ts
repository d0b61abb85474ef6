import * as OTPAuth from "otpauth";

/** RFC 6238 as every authenticator app does it: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_S = 30;
/** Codes of the step before and after are accepted too, for clock drift. */
const WINDOW = 1;

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totpOf(secretBase32: string, label = "Keyward"): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: "Keyward",
    label,
    algorithm: "SHA1",
    digits: 6,
    period: TOTP_PERIOD_S,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

/** The otpauth:// address an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, accountEmail: string): string {
  return totpOf(secretBase32, accountEmail).toString();
}

/** The code for a moment (tests, and nothing else, compute codes). */
export function totpCodeAt(secretBase32: string, at: number): string {
  return totpOf(secretBase32).generate({ timestamp: at });
}

/** Six digits, spaces allowed (apps show "123 456"). */
export function normalTotpCode(input: string): string | null {
  const code = input.replace(/\s+/g, "");
  return /^\d{6}$/.test(code) ? code : null;
}

/**
 * The time step a code belongs to when it is right at `now` (within one step either way), or
 * null. The caller refuses a step at or before the last one used, so a code works once.
 */
export function totpStepOf(secretBase32: string, input: string, now: number): number | null {
  const code = normalTotpCode(input);
  if (!code) return null;
  const delta = totpOf(secretBase32).validate({ token: code, timestamp: now, window: WINDOW });
  if (delta === null) return null;
  return Math.floor(now / 1000 / TOTP_PERIOD_S) + delta;
}
