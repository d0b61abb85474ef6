import { describe, expect, it } from "vitest";
import { seal, unseal, UnsealError } from "./seal";

const secret = "a-console-secret-that-is-long-enough-0123456789";

describe("credential sealing", () => {
  it("round-trips and never contains the plaintext", () => {
    const sealed = seal(secret, "conn-1", '{"password":"S3cret!"}');
    expect(sealed).not.toContain("S3cret");
    expect(unseal(secret, "conn-1", sealed)).toBe('{"password":"S3cret!"}');
  });

  it("uses a fresh IV each time", () => {
    expect(seal(secret, "c", "x")).not.toBe(seal(secret, "c", "x"));
  });

  it("refuses another console secret, another row, or a tampered value", () => {
    const sealed = seal(secret, "conn-1", "pw");
    expect(() => unseal(secret + "x", "conn-1", sealed)).toThrow(UnsealError);
    expect(() => unseal(secret, "conn-2", sealed)).toThrow(UnsealError);
    const parts = sealed.split(".");
    parts[2] = Buffer.from("zz").toString("base64url");
    expect(() => unseal(secret, "conn-1", parts.join("."))).toThrow(UnsealError);
  });
});
