import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RANCHER_ADMIN_ACCESS_KEY } from "./emulator";
import { startTestBed, type RancherTestBed } from "./test-support";
import { apiKeySchema, collectionSchema, errorSchema } from "@/lib/vendors/rancher/wire";

/** The emulator speaks Cattle's protocol as the vendor doc describes it, whatever client calls it. */

let bed: RancherTestBed;
beforeAll(async () => {
  bed = await startTestBed(150);
});
afterAll(() => bed.emulator.close());

const settle = () => new Promise((r) => setTimeout(r, 200));

async function createKey(name = "raw") {
  const res = await bed.raw("POST", "/v2-beta/projects/1a5/apikeys", undefined, {
    type: "apikey",
    accountId: "1a5",
    name,
    description: "d",
  });
  expect(res.status).toBe(201);
  return apiKeySchema.parse(res.json);
}

describe("authentication", () => {
  it("answers 401 with the error envelope and a Basic challenge", async () => {
    const res = await bed.raw("GET", "/v2-beta/projects", null);
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe(
      'Basic realm="Enter API access key and secret key as username and password"',
    );
    expect(res.json).toMatchObject({
      type: "error",
      baseType: "error",
      status: 401,
      code: "Unauthorized",
      message: "Unauthorized",
      detail: null,
      links: {},
      actions: {},
    });
  });

  it("leaves the challenge out on X-API-No-Challenge", async () => {
    const res = await bed.raw(
      "GET",
      "/v2-beta",
      { accessKey: RANCHER_ADMIN_ACCESS_KEY, secretKey: "nope" },
      undefined,
      { "x-api-no-challenge": "true" },
    );
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBeUndefined();
  });

  it("lets only active keys in", async () => {
    const key = await createKey();
    const pair = { accessKey: key.publicValue!, secretKey: key.secretValue! };
    expect((await bed.raw("GET", "/v2-beta/projects/1a5", pair)).status).toBe(401); // still registering
    await settle();
    expect((await bed.raw("GET", "/v2-beta/projects/1a5", pair)).status).toBe(200);
    expect((await bed.raw("POST", `/v2-beta/projects/1a5/apikeys/${key.id}?action=deactivate`)).status).toBe(202);
    await settle();
    expect((await bed.raw("GET", "/v2-beta/projects/1a5", pair)).status).toBe(401);
  });
});

describe("apiKey resource", () => {
  it("creates a registering key, shows the secret once, then settles active", async () => {
    const key = await createKey("once");
    expect(key).toMatchObject({
      type: "apiKey",
      kind: "apiKey",
      state: "registering",
      transitioning: "yes",
      accountId: "1a5",
      name: "once",
    });
    expect(key.publicValue).toMatch(/^[0-9A-F]{20}$/);
    expect(key.secretValue).toMatch(/^[A-Za-z1-9]{40}$/);
    expect(Object.keys(key.actions).sort()).toEqual(["activate", "deactivate", "remove"]);
    expect(key.links.self).toBe(`${bed.emulator.url}/v2-beta/projects/1a5/apikeys/${key.id}`);
    await settle();
    const later = await bed.raw("GET", `/v2-beta/projects/1a5/apikeys/${key.id}`);
    expect(later.json).toMatchObject({
      state: "active",
      transitioning: "no",
      secretValue: null,
      actions: { deactivate: expect.any(String) },
    });
  });

  it("refuses to delete an active key with 405, and deletes it once inactive", async () => {
    const key = await createKey("delete-me");
    await settle();
    const refused = await bed.raw("DELETE", `/v2-beta/projects/1a5/apikeys/${key.id}`);
    expect(refused.status).toBe(405);
    expect(errorSchema.parse(refused.json)).toMatchObject({ status: 405, code: "Method not allowed" });

    await bed.raw("POST", `/v2-beta/projects/1a5/apikeys/${key.id}?action=deactivate`);
    await settle();
    const deleted = await bed.raw("DELETE", `/v2-beta/projects/1a5/apikeys/${key.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.json.state).toBe("removing");
    await settle();
    expect((await bed.raw("GET", `/v2-beta/projects/1a5/apikeys/${key.id}`)).json).toMatchObject({
      state: "removed",
      removed: expect.any(String),
    });
    const list = collectionSchema(apiKeySchema).parse((await bed.raw("GET", "/v2-beta/projects/1a5/apikeys")).json);
    expect(list.data.map((k) => k.id)).not.toContain(key.id);
    const withRemoved = collectionSchema(apiKeySchema).parse(
      (await bed.raw("GET", "/v2-beta/projects/1a5/apikeys?_removed=true")).json,
    );
    expect(withRemoved.data.map((k) => k.id)).toContain(key.id);
  });

  it("answers 422 for an action the key's state does not offer, or that does not exist", async () => {
    const key = await createKey("actions");
    await settle();
    const unavailable = await bed.raw("POST", `/v2-beta/projects/1a5/apikeys/${key.id}/?action=activate`);
    expect(unavailable.status).toBe(422);
    expect(unavailable.json).toMatchObject({ code: "ActionNotAvailable", fieldName: "action" });
    const unknown = await bed.raw("POST", `/v2-beta/projects/1a5/apikeys/${key.id}?action=explode`);
    expect(unknown.json).toMatchObject({ status: 422, code: "InvalidAction", fieldName: "action" });
  });

  it("edits name and description but never the pair", async () => {
    const key = await createKey("edit");
    await settle();
    const res = await bed.raw("PUT", `/v2-beta/projects/1a5/apikeys/${key.id}`, undefined, {
      name: "edited",
      description: "new",
      publicValue: "FFFFFFFFFFFFFFFFFFFF",
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: "edited", description: "new", publicValue: key.publicValue });
  });

  it("validates lengths and unique public values like Cattle", async () => {
    const long = await bed.raw("POST", "/v2-beta/projects/1a5/apikeys", undefined, { name: "n".repeat(256) });
    expect(long.json).toMatchObject({ status: 422, code: "MaxLengthExceeded", fieldName: "name", message: null });
    const dup = await bed.raw("POST", "/v2-beta/projects/1a5/apikeys", undefined, {
      publicValue: RANCHER_ADMIN_ACCESS_KEY,
      secretValue: "x",
    });
    expect(dup.json).toMatchObject({ status: 422, code: "NotUnique", fieldName: "publicValue" });
    const garbage = await bed.raw("POST", "/v2-beta/projects/1a5/apikeys", undefined, "{not json");
    expect(garbage.json).toMatchObject({ status: 422, code: "InvalidBodyContent" });
  });
});

describe("collections and paths", () => {
  it("pages with a marker and resolves type names case-insensitively", async () => {
    await createKey("p1");
    await createKey("p2");
    const first = collectionSchema(apiKeySchema).parse(
      (await bed.raw("GET", "/v2-beta/projects/1a5/apiKeys?limit=1")).json,
    );
    expect(first.data).toHaveLength(1);
    expect(first.pagination?.next).toMatch(/marker=m1$/);
    const second = collectionSchema(apiKeySchema).parse(
      (await bed.raw("GET", "/v2-beta/projects/1a5/apikey?limit=1&marker=m1")).json,
    );
    expect(second.data[0]!.id).not.toBe(first.data[0]!.id);
  });

  it("serves the API root, /v1 alike, and 404s the unknown", async () => {
    expect((await bed.raw("GET", "/v2-beta")).json).toMatchObject({ id: "v2-beta", type: "apiVersion" });
    expect((await bed.raw("GET", "/v1/projects")).json).toMatchObject({ type: "collection", resourceType: "project" });
    const missing = await bed.raw("GET", "/v2-beta/projects/1a99");
    expect(missing.json).toMatchObject({ type: "error", status: 404, code: "Not Found" });
  });

  it("counts keys per state for tests", async () => {
    const state = await bed.state();
    expect(state.environments).toBe(2);
    expect(state.keys.active).toBeGreaterThanOrEqual(2);
  });
});
