import { describe, expect, it } from "vitest";
import { authenticatedRecently } from "./sudo-sso";

describe("authenticatedRecently (auth_time of an SSO re-authentication)", () => {
  const now = Date.parse("2026-11-23T12:00:00Z");
  const secondsAgo = (s: number) => now / 1000 - s;

  it("accepts an authentication within the last two minutes", () => {
    expect(authenticatedRecently(secondsAgo(0), now)).toBe(true);
    expect(authenticatedRecently(secondsAgo(119), now)).toBe(true);
  });
  it("refuses an older one, a missing one and one far in the future", () => {
    expect(authenticatedRecently(secondsAgo(121), now)).toBe(false);
    expect(authenticatedRecently(undefined, now)).toBe(false);
    expect(authenticatedRecently("1700000000", now)).toBe(false);
    expect(authenticatedRecently(secondsAgo(-300), now)).toBe(false);
  });
});
