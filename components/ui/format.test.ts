import { describe, expect, it } from "vitest";
import { distance, formatRelative } from "./format";

// Relative times as the key pages and the requests list show them, without date-fns in the browser.

describe("formatRelative", () => {
  const now = Date.parse("2026-03-01T12:00:00Z");
  const at = (ms: number) => new Date(now + ms).toISOString();
  const MIN = 60_000;
  const DAY = 86_400_000;

  it("says the distance in the first whole unit it reaches, rounded", () => {
    expect(distance(30_000)).toBe("30 seconds");
    expect(distance(1_000)).toBe("1 second");
    expect(distance(MIN)).toBe("1 minute");
    expect(distance(59.6 * MIN)).toBe("60 minutes");
    expect(distance(90 * MIN)).toBe("2 hours");
    expect(distance(DAY)).toBe("1 day");
    expect(distance(29 * DAY)).toBe("29 days");
    expect(distance(45 * DAY)).toBe("2 months");
    expect(distance(400 * DAY)).toBe("1 year");
  });

  it("puts the future after 'in' and the past before 'ago'", () => {
    expect(formatRelative(at(30 * DAY), now)).toBe("in 1 month");
    expect(formatRelative(at(-3 * DAY), now)).toBe("3 days ago");
    expect(formatRelative(null, now)).toBe("");
  });
});
