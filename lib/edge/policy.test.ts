import { describe, expect, it } from "vitest";
import { allowedHostNames, contentSecurityPolicy, hostAllowed, hostName, strictTransportSecurity } from "./policy";

describe("the Host check", () => {
  it("answers only to KEYWARD_URL's host name and the configured extra ones, whatever the port", () => {
    const allowed = allowedHostNames("https://keys.example.com", ["keyward.internal"]);
    expect(hostAllowed("keys.example.com", allowed)).toBe(true);
    expect(hostAllowed("KEYS.example.com:443", allowed)).toBe(true);
    expect(hostAllowed("keyward.internal:8443", allowed)).toBe(true);
    // A rebinding attacker's name pointing at the console's address is refused.
    expect(hostAllowed("evil.example.net", allowed)).toBe(false);
    expect(hostAllowed("keys.example.com.evil.net", allowed)).toBe(false);
    expect(hostAllowed("127.0.0.1", allowed)).toBe(false);
    expect(hostAllowed(null, allowed)).toBe(false);
  });

  it("lets a console addressed by a loopback name answer to every loopback name", () => {
    const allowed = allowedHostNames("http://127.0.0.1:3000", []);
    for (const host of ["127.0.0.1:3403", "localhost:3000", "[::1]:3000"])
      expect(hostAllowed(host, allowed)).toBe(true);
    expect(hostAllowed("rebind.attacker.test:3000", allowed)).toBe(false);
  });

  it("reads host names with ports and IPv6 brackets", () => {
    expect(hostName("[::1]:3000")).toBe("[::1]");
    expect(hostName("Example.COM:80")).toBe("example.com");
  });
});

describe("the Content-Security-Policy", () => {
  it("allows scripts only with the request's nonce in production, and nothing inline or eval'd", () => {
    const csp = contentSecurityPolicy("abc123", false);
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"])
      expect(csp).toContain(d);
  });
});

describe("HSTS", () => {
  it("is sent, for two years with subdomains, only when the console's URL is https", () => {
    expect(strictTransportSecurity("https://keys.example.com")).toBe("max-age=63072000; includeSubDomains");
    expect(strictTransportSecurity("http://127.0.0.1:3000")).toBeNull();
  });
});
