import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

describe("clientAddress", () => {
  it("reads the socket's address stamped by the start script, not what the client claims", () => {
    const headers = new Headers({ "x-keyward-client-address": "::ffff:10.1.2.3", "x-forwarded-for": "203.0.113.9" });
    expect(clientAddress(headers, false)).toBe("10.1.2.3");
  });

  it("behind a trusted proxy takes the last X-Forwarded-For hop, the one the proxy appended", () => {
    const headers = { "x-keyward-client-address": "10.0.0.2", "x-forwarded-for": "6.6.6.6, 198.51.100.7" };
    expect(clientAddress(headers, true)).toBe("198.51.100.7");
  });

  it("falls back to the socket when the trusted proxy sent nothing usable", () => {
    expect(clientAddress({ "x-keyward-client-address": "10.0.0.2", "x-forwarded-for": "nonsense" }, true)).toBe(
      "10.0.0.2",
    );
  });

  it("knows no address when the request was not stamped", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.9" }), false)).toBeNull();
    expect(clientAddress({ "x-keyward-client-address": "not-an-ip" }, false)).toBeNull();
  });
});
