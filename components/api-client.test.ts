import { describe, expect, it } from "vitest";
import { ApiError, Submissions } from "./api-client";

// One Idempotency-Key per form submission: kept for a retry after a network error, new after an answer.

describe("Submissions", () => {
  it("reuses the key for the same submission until the server answers, then starts a new one", () => {
    const s = new Submissions();
    const first = s.keyFor({ name: "a" });
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(s.keyFor({ name: "a" })).toBe(first); // a double click
    s.settled(new ApiError(0, "network", "The console could not be reached."));
    expect(s.keyFor({ name: "a" })).toBe(first); // the retry of the same submission
    s.settled(new ApiError(502, "vendor_unreachable", "No answer."));
    const second = s.keyFor({ name: "a" });
    expect(second).not.toBe(first); // the server answered: clicking again is a new submission
    s.settled();
    expect(s.keyFor({ name: "a" })).not.toBe(second);
  });

  it("starts a new submission when what is submitted changes", () => {
    const s = new Submissions();
    const first = s.keyFor({ name: "a" });
    expect(s.keyFor({ name: "b" })).not.toBe(first);
  });
});
