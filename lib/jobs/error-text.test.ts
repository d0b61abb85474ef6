import { describe, expect, it } from "vitest";
import { DrizzleQueryError } from "drizzle-orm";
import { describeJobError } from "./error-text";

// What a failed run may leave in jobs.last_error: a name and one line, never a statement or its parameters.

describe("describeJobError", () => {
  it("keeps the name and the first line of the message", () => {
    expect(describeJobError(new TypeError("fetch failed\n    at somewhere"))).toBe("TypeError: fetch failed");
  });

  it("describes the database's error under Drizzle's wrapper, blanking a quoted value but keeping names", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_idx"'), {
      code: "23505",
    });
    expect(
      describeJobError(new DrizzleQueryError("insert into users values ($1)", ["secret@example.com"], cause)),
    ).toBe('Error [23505]: duplicate key value violates unique constraint "users_email_idx"');
    const value = Object.assign(new Error('invalid input syntax for type uuid: "s3cr3t"'), { code: "22P02" });
    expect(describeJobError(value)).toBe('Error [22P02]: invalid input syntax for type uuid: "…"');
    expect(describeJobError(new DrizzleQueryError("select $1", ["s3cr3t"], undefined as unknown as Error))).toBe(
      "DrizzleQueryError: a database statement failed",
    );
  });

  it("answers something for a thrown non-error, and stays short", () => {
    expect(describeJobError("s3cr3t")).toBe("Error: a value that is not an Error was thrown");
    expect(describeJobError(new Error("x".repeat(1000))).length).toBeLessThanOrEqual(300);
  });
});
