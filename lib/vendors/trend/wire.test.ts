import { describe, expect, it } from "vitest";
import {
  apiKeyCurrentSchema,
  apiKeyListSchema,
  apiKeySchema,
  issuedApiKeySchema,
  parseJson,
  roleListSchema,
  sessionCookie,
  sessionSchema,
  vendorMessage,
} from "./wire";

// The create answer from the seed "Create an API Key Using Code", verbatim.
const seedCreateAnswer = `{ "keyName": "First Key", "description": "Created using a request ID", "locale": "en-US", "roleID": 1,
  "timeZone": "America/New_York", "active": true, "created": 1540310105209, "unsuccessfulSignInAttempts": 0,
  "secretKey": "8:4rFctPvno+dxntueMcso4F61SUZMFVt3I6SczG7ysOA=", "serviceAccount": false, "ID": 8 }`;

describe("ApiKey", () => {
  it("reads the seed's create answer, secret and uppercase ID included", () => {
    const parsed = parseJson(issuedApiKeySchema, seedCreateAnswer);
    expect(parsed).toMatchObject({
      ok: true,
      value: { ID: 8, roleID: 1, secretKey: "8:4rFctPvno+dxntueMcso4F61SUZMFVt3I6SczG7ysOA=", active: true },
    });
  });

  it("requires the secret where the API promises one (create, secret reset)", () => {
    const withoutSecret = JSON.stringify({ ...JSON.parse(seedCreateAnswer), secretKey: undefined });
    expect(parseJson(apiKeySchema, withoutSecret).ok).toBe(true);
    const parsed = parseJson(issuedApiKeySchema, withoutSecret);
    expect(parsed).toMatchObject({ ok: false, problem: expect.stringContaining("secretKey") });
  });

  it("tolerates ids serialised as digit strings but not other strings", () => {
    expect(apiKeySchema.parse({ ID: "17", keyName: "k", roleID: "2" })).toMatchObject({ ID: 17, roleID: 2 });
    expect(apiKeySchema.safeParse({ ID: "seventeen", keyName: "k" }).success).toBe(false);
  });

  it("reads the expiry date in epoch milliseconds", () => {
    expect(apiKeySchema.parse({ ID: 17, keyName: "audit-key", expiryDate: 1767225600000 }).expiryDate).toBe(
      1767225600000,
    );
    expect(apiKeySchema.safeParse({ ID: 17, keyName: "k", expiryDate: "2026-01-01" }).success).toBe(false);
  });

  it("reads ApiKeyCurrent with its tenant and role URN", () => {
    const current = apiKeyCurrentSchema.parse({
      ID: 1,
      keyName: "ops",
      roleURN: "urn:tmds:identity:us-east-ds-1:62:role/Auditor",
      tenantID: 62,
      tenantGUID: "ABC",
    });
    expect(current).toMatchObject({ tenantID: 62, roleURN: expect.stringContaining("role/Auditor") });
  });

  it("reads the list envelope and rejects a bare array", () => {
    expect(
      parseJson(apiKeyListSchema, '{"apiKeys":[{"ID":1,"keyName":"a"},{"ID":2,"keyName":"b","active":false}]}'),
    ).toMatchObject({
      ok: true,
      value: { apiKeys: [{ ID: 1 }, { ID: 2, active: false }] },
    });
    expect(parseJson(apiKeyListSchema, '[{"ID":1,"keyName":"a"}]').ok).toBe(false);
  });
});

describe("Role list", () => {
  it("reads roles with their uppercase ID", () => {
    const parsed = roleListSchema.parse({
      roles: [{ ID: 2, name: "Auditor", description: "Read-only access", immutable: true, rights: {} }],
    });
    expect(parsed.roles[0]).toMatchObject({ ID: 2, name: "Auditor", description: "Read-only access" });
  });

  it("rejects a role without a name", () => {
    expect(roleListSchema.safeParse({ roles: [{ ID: 2 }] }).success).toBe(false);
  });
});

describe("sessions", () => {
  it("reads the seed's session answer and takes RID as the request id", () => {
    const body =
      '{ "administratorID": 1, "created": 1540309893123, "lastActivity": 1540309893123, "accessType": "webService", "RID": "77DFF81036170DBF92CB71E4559512B9" }';
    expect(parseJson(sessionSchema, body)).toMatchObject({
      ok: true,
      value: { administratorID: 1, requestId: "77DFF81036170DBF92CB71E4559512B9" },
    });
  });

  it("accepts the header's spelling rID in the body, and fails without any", () => {
    expect(sessionSchema.parse({ rID: "ABC" }).requestId).toBe("ABC");
    expect(parseJson(sessionSchema, '{"administratorID": 1}')).toMatchObject({
      ok: false,
      problem: expect.stringContaining("RID"),
    });
  });

  it("finds the sID cookie among Set-Cookie headers, joined or separate", () => {
    expect(sessionCookie(["sID=D5EE2AC155601C895B33B701080D40A6; Path=/; Secure; HttpOnly"])).toBe(
      "D5EE2AC155601C895B33B701080D40A6",
    );
    expect(sessionCookie(["JSESSIONID=x; Path=/", "sID=ABC; Path=/"])).toBe("ABC");
    expect(sessionCookie(["JSESSIONID=x; Path=/, sID=DEF; Path=/; Secure"])).toBe("DEF");
    expect(sessionCookie(["JSESSIONID=x"])).toBeUndefined();
  });
});

describe("error bodies", () => {
  it("takes the /api message", () => {
    expect(vendorMessage('{"message":"Invalid roleID: 99."}')).toBe("Invalid roleID: 99.");
  });

  it("takes the legacy REST error message", () => {
    expect(vendorMessage('{"error":{"message":"Authentication failed"}}')).toBe("Authentication failed");
  });

  it("keeps a short text body and drops HTML pages and unknown JSON", () => {
    expect(vendorMessage("Service Unavailable\n")).toBe("Service Unavailable");
    expect(vendorMessage("<html><body>502 Bad Gateway</body></html>")).toBeUndefined();
    expect(vendorMessage('{"status":"error"}')).toBeUndefined();
    expect(vendorMessage("")).toBeUndefined();
  });

  it("says why a body could not be read", () => {
    expect(parseJson(apiKeyListSchema, '{"apiKeys": [{"keyName": "trunc')).toEqual({
      ok: false,
      problem: "the body is not JSON",
    });
  });
});
