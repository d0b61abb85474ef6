import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { parseAuditFilter } from "./filter";

describe("parseAuditFilter", () => {
  it("reads a time range", () => {
    const filter = parseAuditFilter(new URLSearchParams({ from: "2026-01-02T03:04:05Z", to: "2026-02-01" }));
    expect(filter.from?.toISOString()).toBe("2026-01-02T03:04:05.000Z");
    expect(filter.to?.toISOString()).toBe("2026-02-01T00:00:00.000Z");
  });

  // Found by e2e/fuzz.journey.spec.ts: JavaScript reads six-digit years, PostgreSQL refuses them
  // (SQLSTATE 22009), and the audit list and export answered 500.
  it.each(["+012167-06-15T13:52:29.677Z", "-009271-04-24T03:16:45.957Z", "+275760-09-13T00:00:00Z"])(
    "refuses a date past the year 9999 or before year 1 (%s) as bad input",
    (when) => {
      let err: unknown;
      try {
        parseAuditFilter(new URLSearchParams({ from: when }));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ZodError);
      expect((err as ZodError).issues[0]!.message).toBe("Enter a date between the years 1 and 9999.");
    },
  );
});
