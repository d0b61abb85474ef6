import { describe, expect, it } from "vitest";
import { newTotpSecret, normalTotpCode, totpCodeAt, totpStepOf, totpUri, TOTP_PERIOD_S } from "./totp-code";

const STEP_MS = TOTP_PERIOD_S * 1000;
// The middle of a step, so ± one step stays clear of the edges.
const NOW = 1_800_000_000_000 - (1_800_000_000_000 % STEP_MS) + STEP_MS / 2;
const step = Math.floor(NOW / STEP_MS);

describe("TOTP codes", () => {
  const secret = newTotpSecret();

  it("accepts the current code and says which step it belongs to", () => {
    expect(totpStepOf(secret, totpCodeAt(secret, NOW), NOW)).toBe(step);
  });

  it("accepts one step of clock drift either way, and no more", () => {
    expect(totpStepOf(secret, totpCodeAt(secret, NOW - STEP_MS), NOW)).toBe(step - 1);
    expect(totpStepOf(secret, totpCodeAt(secret, NOW + STEP_MS), NOW)).toBe(step + 1);
    expect(totpStepOf(secret, totpCodeAt(secret, NOW - 2 * STEP_MS), NOW)).toBeNull();
    expect(totpStepOf(secret, totpCodeAt(secret, NOW + 2 * STEP_MS), NOW)).toBeNull();
  });

  it("refuses another secret's code and anything that is not six digits", () => {
    expect(totpStepOf(newTotpSecret(), totpCodeAt(secret, NOW), NOW)).toBeNull();
    expect(totpStepOf(secret, "12345", NOW)).toBeNull();
    expect(totpStepOf(secret, "abcdef", NOW)).toBeNull();
    expect(normalTotpCode(" 123 456 ")).toBe("123456");
  });

  it("names the account and the console in the app's address", () => {
    const uri = totpUri(secret, "ada@example.com");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Keyward:ada%40example\.com\?/);
    expect(uri).toContain(`secret=${secret}`);
  });
});
