import { describe, expect, it } from "vitest";
import { lastUsedText } from "./last-used-text";

// "Last used" says what the vendor reports, or plainly that it reports nothing.

const trend = { displayName: "Trend Micro Deep Security", reportsLastUsed: true };
const panos = { displayName: "Palo Alto Networks PAN-OS" };

describe("lastUsedText", () => {
  it("names the vendor that does not report it", () => {
    expect(lastUsedText(panos, { lastUsedAt: null, lastSeenAt: "2031-01-01T00:00:00Z" })).toBe(
      "not reported by Palo Alto Networks PAN-OS",
    );
    expect(lastUsedText(panos, { lastUsedAt: null, lastSeenAt: null }, { short: true })).toBe("not reported");
  });

  it("shows the vendor's time, or never once a reconcile saw the key unused", () => {
    expect(lastUsedText(trend, { lastUsedAt: "2031-01-01T10:00:00Z", lastSeenAt: null })).toMatch(
      /^1 Jan 2031, 10:00 UTC \(/,
    );
    expect(lastUsedText(trend, { lastUsedAt: null, lastSeenAt: "2031-01-01T00:00:00Z" })).toBe(
      "never, as of the last reconciliation",
    );
    expect(lastUsedText(trend, { lastUsedAt: null, lastSeenAt: null }, { short: true })).toBe("not reconciled yet");
  });
});
