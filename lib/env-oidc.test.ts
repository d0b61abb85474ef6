import { afterEach, describe, expect, it, vi } from "vitest";

// Single sign-on settings: all three or none, with a clear message otherwise.

async function freshEnv(vars: Record<string, string | undefined>) {
  vi.resetModules();
  vi.stubEnv("KEYWARD_SECRET", "keyward-test-secret-0123456789-abcdefghij");
  // Stubbed first so that unstubAllEnvs restores them, then removed where the test wants "not set".
  for (const name of [
    "KEYWARD_OIDC_ISSUER",
    "KEYWARD_OIDC_CLIENT_ID",
    "KEYWARD_OIDC_CLIENT_SECRET",
    "KEYWARD_OIDC_NAME",
  ])
    vi.stubEnv(name, vars[name] ?? "");
  for (const name of [
    "KEYWARD_OIDC_ISSUER",
    "KEYWARD_OIDC_CLIENT_ID",
    "KEYWARD_OIDC_CLIENT_SECRET",
    "KEYWARD_OIDC_NAME",
  ])
    if (!vars[name]) delete process.env[name];
  return import("./env");
}

afterEach(() => vi.unstubAllEnvs());

describe("oidcSettings", () => {
  it("is null when nothing is configured", async () => {
    const { oidcSettings } = await freshEnv({});
    expect(oidcSettings()).toBeNull();
  });

  it("returns the provider with its button name", async () => {
    const { oidcSettings } = await freshEnv({
      KEYWARD_OIDC_ISSUER: "https://idp.example.test/realms/x",
      KEYWARD_OIDC_CLIENT_ID: "keyward",
      KEYWARD_OIDC_CLIENT_SECRET: "s3cret",
      KEYWARD_OIDC_NAME: "Acme SSO",
    });
    expect(oidcSettings()).toEqual({
      issuer: "https://idp.example.test/realms/x",
      clientId: "keyward",
      clientSecret: "s3cret",
      name: "Acme SSO",
    });
  });

  it("refuses a partial configuration with a message naming all three settings", async () => {
    const { env } = await freshEnv({
      KEYWARD_OIDC_ISSUER: "https://idp.example.test",
      KEYWARD_OIDC_CLIENT_ID: "keyward",
    });
    expect(() => env()).toThrow(/KEYWARD_OIDC_ISSUER, KEYWARD_OIDC_CLIENT_ID and KEYWARD_OIDC_CLIENT_SECRET/);
  });
});

describe("oidcSettings with empty variables", () => {
  it("treats empty values as not set", async () => {
    vi.resetModules();
    vi.stubEnv("KEYWARD_SECRET", "keyward-test-secret-0123456789-abcdefghij");
    vi.stubEnv("KEYWARD_OIDC_ISSUER", "");
    vi.stubEnv("KEYWARD_OIDC_CLIENT_ID", "");
    vi.stubEnv("KEYWARD_OIDC_CLIENT_SECRET", "");
    const { oidcSettings } = await import("./env");
    expect(oidcSettings()).toBeNull();
  });
});
