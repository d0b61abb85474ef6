import { describe, expect, it } from "vitest";
import { isSecretFieldName, secretFieldPath } from "./secret-guard";

// The guard that keeps secrets out of audit details by refusing secret-named fields.

describe("secret-named audit detail fields", () => {
  it.each([
    "password",
    "newPassword",
    "admin_password",
    "secret",
    "clientSecret",
    "client-secret",
    "token",
    "accessToken",
    "refresh_token",
    "apiKey",
    "api_key",
    "API-KEY",
    "privateKey",
    "private_key",
    "keyMaterial",
    "key",
    "credentials",
    "passphrase",
  ])("refuses %s", (name) => expect(isSecretFieldName(name)).toBe(true));

  it.each([
    "name",
    "email",
    "vendorKeyId",
    "fingerprint",
    "secretsChanged",
    "tokenType",
    "keyName",
    "last4",
    "expiresAt",
    "baseUrl",
    "tlsMode",
    "checked",
  ])("lets %s through", (name) => expect(isSecretFieldName(name)).toBe(false));

  it("finds a secret field at any depth, in objects and arrays, and names its path only", () => {
    expect(secretFieldPath({ name: "CI", nested: { ok: 1 } })).toBeNull();
    expect(secretFieldPath({ name: "CI", vendor: { login: { password: "hunter2" } } })).toBe("vendor.login.password");
    expect(secretFieldPath({ changes: [{ field: "x" }, { api_key: "abc" }] })).toBe("changes[1].api_key");
    // The values of allowed fields are not names: a list of which secrets changed is fine.
    expect(secretFieldPath({ secretsChanged: ["password", "apiKey"] })).toBeNull();
  });

  it("lets a secret-named flag through, since only text can hold a secret", () => {
    expect(secretFieldPath({ mustChangePassword: true, tokenCount: 3 })).toBeNull();
    expect(secretFieldPath({ mustChangePassword: "yes" })).toBe("mustChangePassword");
    expect(secretFieldPath({ credentials: { user: "a" } })).toBe("credentials");
  });
});
