import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TREND_DEMO_ADMIN_SECRET, TREND_DEMO_USERS } from "./emulator";
import { startTrendFixture, type TrendFixture } from "./test-support";

/** The emulator's protocol as a client that is not our adapter sees it. */
let fx: TrendFixture;
beforeAll(async () => {
  fx = await startTrendFixture();
});
afterAll(() => fx.emulator.close());

const admin = { "api-version": "v1", "api-secret-key": TREND_DEMO_ADMIN_SECRET };
const json = (body: string) => JSON.parse(body) as Record<string, unknown>;

async function signIn(user: { userName: string; password: string }) {
  const res = await fx.raw("POST", "/api/sessions", { "api-version": "v1" }, user);
  expect(res.status).toBe(200);
  const sID = /sID=([^;]+)/.exec(res.setCookie.join(";"))![1]!;
  return { res, sID, rID: json(res.body).RID as string };
}

describe("headers and authentication", () => {
  it("requires api-version v1 on every call, sessions included", async () => {
    const missing = await fx.raw("GET", "/api/roles", { "api-secret-key": TREND_DEMO_ADMIN_SECRET });
    expect(missing.status).toBe(400);
    expect(json(missing.body).message).toMatch(/api-version/);
    expect((await fx.raw("GET", "/api/roles", { ...admin, "api-version": "v2" })).status).toBe(400);
    expect((await fx.raw("POST", "/api/sessions", {}, TREND_DEMO_USERS.admin)).status).toBe(400);
  });

  it("answers 401 with a message without credentials or with an unknown key", async () => {
    expect((await fx.raw("GET", "/api/apikeys", { "api-version": "v1" })).status).toBe(401);
    const res = await fx.raw("GET", "/api/apikeys", { "api-version": "v1", "api-secret-key": "1:nope" });
    expect(res.status).toBe(401);
    expect(json(res.body)).toEqual({ message: "Invalid API secret key." });
  });

  it("signs in with the seed's session exchange and honours sID + rID", async () => {
    const { res, sID, rID } = await signIn(TREND_DEMO_USERS.admin);
    expect(res.setCookie[0]).toMatch(/^sID=[0-9A-F]+; Path=\/; Secure; HttpOnly$/);
    expect(json(res.body)).toMatchObject({
      administratorID: 1,
      accessType: "webService",
      RID: expect.stringMatching(/^[0-9A-F]{32}$/),
    });
    const withSession = { "api-version": "v1", cookie: `sID=${sID}`, rID };
    expect((await fx.raw("GET", "/api/roles", withSession)).status).toBe(200);
    expect((await fx.raw("GET", "/api/roles", { "api-version": "v1", cookie: `sID=${sID}` })).status).toBe(401);
    expect((await fx.raw("GET", "/api/roles", { ...withSession, rID: "0".repeat(32) })).status).toBe(401);
    // The "current" endpoints need an API key, not a session.
    expect((await fx.raw("GET", "/api/apikeys/current", withSession)).status).toBe(403);
  });

  it("ends a session after 30 idle minutes", async () => {
    const { sID, rID } = await signIn(TREND_DEMO_USERS.admin);
    fx.clock.now += 31 * 60 * 1000;
    try {
      expect((await fx.raw("GET", "/api/roles", { "api-version": "v1", cookie: `sID=${sID}`, rID })).status).toBe(401);
    } finally {
      fx.clock.now -= 31 * 60 * 1000;
    }
  });

  it("refuses bad passwords and lets an Auditor session read but not create", async () => {
    expect(
      (await fx.raw("POST", "/api/sessions", { "api-version": "v1" }, { userName: "admin", password: "x" })).status,
    ).toBe(401);
    expect((await fx.raw("POST", "/api/sessions", { "api-version": "v1" }, { userName: "admin" })).status).toBe(400);
    const { sID, rID } = await signIn(TREND_DEMO_USERS.auditor);
    const h = { "api-version": "v1", cookie: `sID=${sID}`, rID };
    expect((await fx.raw("GET", "/api/apikeys", h)).status).toBe(200);
    const denied = await fx.raw("POST", "/api/apikeys", h, { keyName: "nope", roleID: 2 });
    expect(denied.status).toBe(403);
    expect(json(denied.body).message).toMatch(/Access denied/);
  });
});

describe("API keys", () => {
  it("returns the secret on create and reset only", async () => {
    const created = json((await fx.raw("POST", "/api/apikeys", admin, { keyName: "Once", roleID: 2 })).body);
    expect(created).toMatchObject({
      keyName: "Once",
      roleID: 2,
      locale: "en-US",
      timeZone: "UTC",
      active: true,
      secretKey: expect.stringMatching(new RegExp(`^${created.ID}:`)),
    });
    expect(json((await fx.raw("GET", `/api/apikeys/${created.ID}`, admin)).body)).not.toHaveProperty("secretKey");
    const listed = json((await fx.raw("GET", "/api/apikeys", admin)).body).apiKeys as Array<Record<string, unknown>>;
    expect(listed.every((k) => !("secretKey" in k))).toBe(true);
    const reset = json((await fx.raw("POST", `/api/apikeys/${created.ID}/secretkey`, admin)).body);
    expect(reset.secretKey).not.toBe(created.secretKey);
  });

  it("lets a key describe, rename and re-key itself through /current, but not change its role", async () => {
    const created = json((await fx.raw("POST", "/api/apikeys", admin, { keyName: "Self", roleID: 3 })).body);
    const own = { "api-version": "v1", "api-secret-key": created.secretKey as string };
    expect(json((await fx.raw("GET", "/api/apikeys/current", own)).body)).toMatchObject({
      keyName: "Self",
      roleURN: expect.stringContaining("role/Read Only"),
    });
    const changed = json((await fx.raw("POST", "/api/apikeys/current", own, { keyName: "Self 2", roleID: 1 })).body);
    expect(changed).toMatchObject({ keyName: "Self 2", roleID: 3 });
    const reset = json((await fx.raw("POST", "/api/apikeys/current/secretkey", own)).body);
    expect((await fx.raw("GET", "/api/apikeys/current", own)).status).toBe(401);
    expect(
      (await fx.raw("GET", "/api/apikeys/current", { ...own, "api-secret-key": reset.secretKey as string })).status,
    ).toBe(200);
  });

  it("reads ids sent as digit strings the way the manager's JSON binding does (Trend's published samples send roleID \"2\")", async () => {
    const created = await fx.raw("POST", "/api/apikeys", admin, { keyName: "From a sample", roleID: "2" });
    expect(created.status).toBe(200);
    expect(json(created.body)).toMatchObject({ keyName: "From a sample", roleID: 2 });
    const notDigits = await fx.raw("POST", "/api/apikeys", admin, { keyName: "k", roleID: "two" });
    expect(notDigits.status).toBe(400);
    expect(json(notDigits.body).message).toMatch(/Invalid roleID: two/);
  });

  it("validates ApiKey bodies with 400 and a message", async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ roleID: 2 }, /keyName is required/],
      [{ keyName: "x".repeat(256), roleID: 2 }, /at most 255/],
      [{ keyName: "k", roleID: 42 }, /Invalid roleID/],
      [{ keyName: "k", locale: "fr-FR" }, /Invalid locale/],
      [{ keyName: "k", timeZone: "Mars/Olympus" }, /Invalid timeZone/],
      [{ keyName: "k", expiryDate: fx.clock.now - 1 }, /in the future/],
      [{ keyName: "k", expiryDate: "tomorrow" }, /milliseconds/],
    ];
    for (const [body, message] of cases) {
      const res = await fx.raw("POST", "/api/apikeys", admin, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(json(res.body).message).toMatch(message);
    }
    const bad = await fx.raw("POST", "/api/apikeys", { ...admin, "content-type": "application/json" });
    expect(bad.status).toBe(400); // an empty body reads as {}, so keyName is missing
    expect(json(bad.body).message).toMatch(/keyName is required/);
    const notObject = await fx.raw("POST", "/api/apikeys", admin, "First Key");
    expect(notObject.status).toBe(400);
    expect(json(notObject.body).message).toMatch(/JSON object/);
  });

  it("answers 404 for unknown ids and paths, 405 for wrong methods", async () => {
    expect(json((await fx.raw("GET", "/api/apikeys/999999", admin)).body)).toEqual({
      message: "No API key with ID 999999 exists.",
    });
    expect((await fx.raw("DELETE", "/api/apikeys/999999", admin)).status).toBe(404);
    expect((await fx.raw("GET", "/api/apikeys/abc", admin)).status).toBe(404);
    expect((await fx.raw("GET", "/api/computers", admin)).status).toBe(404);
    expect((await fx.raw("DELETE", "/api/apikeys", admin)).status).toBe(405);
  });

  it("counts keys in its state", async () => {
    const before = await fx.state();
    const created = json((await fx.raw("POST", "/api/apikeys", admin, { keyName: "Counted", roleID: 2 })).body);
    await fx.raw("POST", `/api/apikeys/${created.ID}`, admin, { active: false });
    const after = await fx.state();
    expect(after.keys).toBe(before.keys + 1);
    expect(after.activeKeys).toBe(before.activeKeys);
    expect(after.roles).toBe(3);
  });
});

describe("search DSL", () => {
  const names = async (path: string, filter: unknown) => {
    const res = await fx.raw("POST", path, admin, filter);
    expect(res.status).toBe(200);
    const body = json(res.body);
    return ((body.roles ?? body.apiKeys) as Array<{ name?: string; keyName?: string }>).map((x) => x.name ?? x.keyName);
  };

  it("finds a role by name, with and without wildcards", async () => {
    expect(
      await names("/api/roles/search", {
        searchCriteria: [{ fieldName: "name", stringTest: "equal", stringValue: "Auditor" }],
      }),
    ).toEqual(["Auditor"]);
    expect(
      await names("/api/roles/search", { searchCriteria: [{ fieldName: "name", stringValue: "%Access" }] }),
    ).toEqual(["Full Access"]);
    expect(
      await names("/api/roles/search", {
        searchCriteria: [{ fieldName: "name", stringValue: "%Access", stringWildcards: false }],
      }),
    ).toEqual([]);
    expect(
      await names("/api/roles/search", {
        searchCriteria: [{ fieldName: "name", stringTest: "not-equal", stringValue: "Auditor" }],
      }),
    ).toEqual(["Full Access", "Read Only"]);
    expect(await names("/api/roles/search", {})).toHaveLength(3);
  });

  it("combines criteria, id tests, numeric tests and maxItems on keys", async () => {
    await fx.raw("POST", "/api/apikeys", admin, { keyName: "search-a", roleID: 2 });
    await fx.raw("POST", "/api/apikeys", admin, { keyName: "search-b", roleID: 3 });
    expect(
      await names("/api/apikeys/search", {
        searchCriteria: [
          { fieldName: "keyName", stringValue: "search-_" },
          { fieldName: "roleID", numericTest: "equal", numericValue: 3 },
        ],
      }),
    ).toEqual(["search-b"]);
    expect(await names("/api/apikeys/search", { searchCriteria: [{ idTest: "equal", idValue: 1 }] })).toEqual([
      "Keyward admin key",
    ]);
    expect(await names("/api/apikeys/search", { maxItems: 1, sortByObjectID: true })).toEqual(["Keyward admin key"]);
    expect(
      await names("/api/apikeys/search", {
        searchCriteria: [
          { fieldName: "expiryDate", nullTest: false },
          { fieldName: "keyName", stringValue: "search-%" },
        ],
      }),
    ).toEqual([]);
  });

  it("answers 400 for a field it cannot search or a wrong test", async () => {
    const bad = await fx.raw("POST", "/api/roles/search", admin, {
      searchCriteria: [{ fieldName: "colour", stringValue: "x" }],
    });
    expect(bad.status).toBe(400);
    expect(json(bad.body).message).toMatch(/Invalid search field: colour/);
    expect(
      (
        await fx.raw("POST", "/api/apikeys/search", admin, {
          searchCriteria: [{ fieldName: "roleID", stringValue: "2" }],
        })
      ).status,
    ).toBe(400);
    expect(
      (await fx.raw("POST", "/api/apikeys/search", admin, { searchCriteria: [{ idTest: "around", idValue: 1 }] }))
        .status,
    ).toBe(400);
  });
});

describe("roles", () => {
  it("creates, renames and deletes a custom role but keeps built-in ones", async () => {
    const role = json((await fx.raw("POST", "/api/roles", admin, { name: "Keyward Ops", description: "ops" })).body);
    expect((await fx.raw("POST", "/api/roles", admin, { name: "Keyward Ops" })).status).toBe(400);
    expect(json((await fx.raw("POST", `/api/roles/${role.ID}`, admin, { name: "Keyward Ops 2" })).body).name).toBe(
      "Keyward Ops 2",
    );
    expect((await fx.raw("DELETE", `/api/roles/${role.ID}`, admin)).status).toBe(200);
    expect((await fx.raw("GET", `/api/roles/${role.ID}`, admin)).status).toBe(404);
    expect((await fx.raw("DELETE", "/api/roles/1", admin)).status).toBe(400);
  });
});
