import { describe, expect, it } from "vitest";
import { NONCE_PATTERN, advancedAuthorization, authHeaders, makeNonce } from "./auth";

describe("XSIAM request signing", () => {
  it("matches the documented advanced-key test vector", () => {
    expect(advancedAuthorization("A".repeat(128), "b".repeat(64), "1700000000000")).toBe(
      "c825e9aa447a706b16332380c9e06c02e06abb57024e140892a927a23e79b2df",
    );
  });

  it("signs an advanced request with a fresh 64-character nonce and a millisecond timestamp", () => {
    const a = authHeaders({ keyId: "2842", apiKey: "A".repeat(128), level: "advanced" }, { now: 1700000000000 });
    const b = authHeaders({ keyId: "2842", apiKey: "A".repeat(128), level: "advanced" }, { now: 1700000000000 });
    expect(a["x-xdr-auth-id"]).toBe("2842");
    expect(a["x-xdr-timestamp"]).toBe("1700000000000");
    expect(a["x-xdr-nonce"]).toMatch(NONCE_PATTERN);
    expect(a["x-xdr-nonce"]).not.toBe(b["x-xdr-nonce"]);
    expect(a.authorization).toBe(advancedAuthorization("A".repeat(128), a["x-xdr-nonce"]!, "1700000000000"));
    expect(a.authorization).not.toContain("AAAA");
  });

  it("sends a standard key as is, with no nonce or timestamp", () => {
    expect(authHeaders({ keyId: "2841", apiKey: "secret-key", level: "standard" })).toEqual({
      "x-xdr-auth-id": "2841",
      authorization: "secret-key",
    });
  });

  it("draws nonces from [A-Za-z0-9] only", () => {
    const joined = Array.from({ length: 50 }, makeNonce).join("");
    expect(joined).toMatch(/^[A-Za-z0-9]+$/);
    expect(new Set(joined).size).toBeGreaterThan(40);
  });
});
