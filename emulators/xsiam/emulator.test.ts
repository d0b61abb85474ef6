import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { vendorRequest, type VendorRequest } from "@/lib/vendors/http";
import { advancedAuthorization, authHeaders, makeNonce, type XsiamCredentials } from "@/lib/vendors/xsiam/auth";
import { CHILD_TENANT, MAIN_TENANT, SEEDED_KEYS } from "./seed";
import { maxExpiryMs } from "@/lib/vendors/xsiam/limits";
import { DAY_MS, startTestBed, type XsiamTestBed } from "./test-support";

let bed: XsiamTestBed;
beforeAll(async () => {
  bed = await startTestBed();
});
afterAll(() => bed.emulator.close());
afterEach(() => bed.resetClock());

const admin: XsiamCredentials = {
  keyId: String(SEEDED_KEYS.standardAdmin.id),
  apiKey: SEEDED_KEYS.standardAdmin.key,
  level: "standard",
};
const advanced: XsiamCredentials = {
  keyId: String(SEEDED_KEYS.advancedAdmin.id),
  apiKey: SEEDED_KEYS.advancedAdmin.key,
  level: "advanced",
};

async function call(
  path: string,
  opts: { headers?: Record<string, string>; data?: unknown; body?: string; method?: VendorRequest["method"] } = {},
) {
  const body = opts.body ?? (opts.data === undefined ? undefined : JSON.stringify({ request_data: opts.data }));
  const res = await vendorRequest(bed.standardConnection(), {
    method: opts.method ?? "POST",
    path,
    headers: { "content-type": "application/json", ...(opts.headers ?? authHeaders(admin)) },
    body,
  });
  return {
    status: res.status,
    json: JSON.parse(res.body) as { reply: Record<string, unknown> & { err_code?: number; err_extra?: string } },
  };
}

const generate = (data: Record<string, unknown>, headers?: Record<string, string>) =>
  call("/public_api/v1/api_keys/generate", { data, headers });

describe("XSIAM emulator: authentication", () => {
  it("accepts a signed advanced request once, and refuses the same nonce again", async () => {
    const headers = authHeaders(advanced);
    expect((await call("/public_api/v1/rbac/get_roles", { data: {}, headers })).status).toBe(200);
    const replay = await call("/public_api/v1/rbac/get_roles", { data: {}, headers });
    expect(replay).toEqual({
      status: 401,
      json: { reply: { err_code: 401, err_msg: "Public API request unauthorized", err_extra: null } },
    });
  });

  it("refuses a wrong hash and a timestamp more than five minutes off", async () => {
    const wrong = {
      ...authHeaders(advanced),
      authorization: advancedAuthorization("B".repeat(128), makeNonce(), String(Date.now())),
    };
    expect((await call("/public_api/v1/rbac/get_roles", { data: {}, headers: wrong })).status).toBe(401);
    const stale = authHeaders(advanced, { now: Date.now() - 6 * 60 * 1000 });
    expect((await call("/public_api/v1/rbac/get_roles", { data: {}, headers: stale })).status).toBe(401);
    const slightlyOff = authHeaders(advanced, { now: Date.now() - 4 * 60 * 1000 });
    expect((await call("/public_api/v1/rbac/get_roles", { data: {}, headers: slightlyOff })).status).toBe(200);
  });

  it("takes the nonces common clients send (hex, UUID, URL-safe base64, other lengths), each once", async () => {
    const now = String(Date.now());
    const nonces = ["a1b2".repeat(8), crypto.randomUUID(), "Zm9v-YmFy_YmF6".repeat(3), "n".repeat(100)];
    for (const nonce of nonces) {
      const headers = {
        ...authHeaders(advanced),
        "x-xdr-nonce": nonce,
        "x-xdr-timestamp": now,
        authorization: advancedAuthorization(advanced.apiKey, nonce, now),
      };
      expect((await call("/public_api/v1/rbac/get_roles", { data: {}, headers })).status, nonce).toBe(200);
      expect((await call("/public_api/v1/rbac/get_roles", { data: {}, headers })).status, `${nonce} again`).toBe(401);
    }
  });

  it("ignores nonce and timestamp headers on a standard key, and refuses missing headers", async () => {
    const headers = { ...authHeaders(admin), "x-xdr-nonce": "x", "x-xdr-timestamp": "1" };
    expect((await call("/public_api/v1/rbac/get_roles", { data: {}, headers })).status).toBe(200);
    expect((await call("/public_api/v1/rbac/get_roles", { data: {}, headers: {} })).status).toBe(401);
  });
});

describe("XSIAM emulator: API keys", () => {
  it("answers with and without a trailing slash; unknown paths are a 500", async () => {
    expect((await call("/public_api/v1/api_keys/get_api_keys/", { data: {} })).status).toBe(200);
    const unknown = await call("/public_api/v1/api_keys/list", { data: {} });
    expect(unknown.status).toBe(500);
    expect(unknown.json.reply.err_code).toBe(500);
  });

  it("refuses a body that is not {request_data} JSON with 400", async () => {
    const res = await call("/public_api/v1/api_keys/generate", { body: "{not json" });
    expect(res.status).toBe(400);
    expect(res.json.reply.err_msg).toBe("Bad Request. Got an invalid JSON.");
  });

  it("takes a bare {} body, as the documentation's first calls send it", async () => {
    const res = await call("/public_api/v1/api_keys/get_api_keys", { body: "{}" });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.json.reply.DATA)).toBe(true);
    expect((await call("/public_api/v1/api_keys/get_api_keys", { body: "[]" })).status).toBe(400);
  });

  it("defaults the expiry to one week and caps it at six months", async () => {
    const now = Date.now();
    const made = await generate({ roles: ["Viewer"], security_level: "standard" });
    expect(made.status).toBe(200);
    const listed = await call("/public_api/v1/api_keys/get_api_keys", {
      data: { filters: [{ field: "id", operator: "in", value: [made.json.reply.id] }] },
    });
    const record = (listed.json.reply.DATA as Array<{ expiration: number }>)[0]!;
    expect(Math.abs(record.expiration - (now + 7 * DAY_MS))).toBeLessThan(5000);
    const tooLate = await generate({ roles: ["Viewer"], expiration: maxExpiryMs(Date.now()) + 60_000 });
    expect(tooLate.status).toBe(500);
    expect(tooLate.json.reply.err_extra).toContain("six months");
    expect((await generate({ roles: ["Viewer"], expiration: 1773147108 })).json.reply.err_extra).toContain("future");
  });

  it("refuses unknown roles and an unknown security level with the documented error shape", async () => {
    const ghost = await generate({ roles: ["Viewer", "Ghost"] });
    expect(ghost).toEqual({
      status: 500,
      json: {
        reply: {
          err_code: 500,
          err_msg: "An error occurred while processing XDR public API",
          err_extra: "Role(s) not found: Ghost",
        },
      },
    });
    expect((await generate({ roles: ["Viewer"], security_level: "paranoid" })).status).toBe(500);
  });

  it("edits and reads a key through the platform IAM endpoints; the new level applies at once", async () => {
    const made = await generate({ roles: ["Viewer"], security_level: "standard", comment: "before" });
    const id = String(made.json.reply.id);
    const edited = await call(`/platform/iam/v1/api-key/${id}`, {
      method: "PUT",
      data: { roles: ["Investigator"], security_level: "advanced" },
    });
    expect(edited.json.reply).toMatchObject({ roles: ["Investigator"], security_level: "advanced", comment: "before" });
    const read = await call(`/platform/iam/v1/api-key/${id}/`, { method: "GET" });
    expect(read.json.reply).toMatchObject({ id: Number(id), security_level: "advanced" });
    const secret = String(made.json.reply.key);
    expect(
      (
        await call("/public_api/v1/rbac/get_roles", {
          data: {},
          headers: authHeaders({ keyId: id, apiKey: secret, level: "standard" }),
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await call("/public_api/v1/rbac/get_roles", {
          data: {},
          headers: authHeaders({ keyId: id, apiKey: secret, level: "advanced" }),
        })
      ).status,
    ).toBe(200);
  });

  it("scopes calls to a paired child tenant and refuses any other with 403", async () => {
    const before = bed.emulator.inspect();
    expect(
      (await generate({ roles: ["Viewer"] }, { ...authHeaders(admin), "x-child-tenant-id": CHILD_TENANT })).status,
    ).toBe(200);
    const after = bed.emulator.inspect();
    expect(after[CHILD_TENANT]!.keys).toBe(before[CHILD_TENANT]!.keys + 1);
    expect(after[MAIN_TENANT]!.keys).toBe(before[MAIN_TENANT]!.keys);
    const unpaired = await generate({ roles: ["Viewer"] }, { ...authHeaders(admin), "x-child-tenant-id": "424242" });
    expect(unpaired.status).toBe(403);
  });

  it("deletes only with a filter, and the deleted key stops authenticating", async () => {
    expect((await call("/public_api/v1/api_keys/delete", { data: {} })).status).toBe(500);
    const made = await generate({ roles: ["Viewer"] });
    const headers = () =>
      authHeaders({ keyId: String(made.json.reply.id), apiKey: String(made.json.reply.key), level: "standard" });
    expect((await call("/public_api/v1/rbac/get_roles", { data: {}, headers: headers() })).status).toBe(200);
    const deleted = await call("/public_api/v1/api_keys/delete", {
      data: { filters: [{ field: "id", operator: "in", value: [made.json.reply.id] }] },
    });
    expect(deleted.json.reply).toEqual({ update_count: 1 });
    expect((await call("/public_api/v1/rbac/get_roles", { data: {}, headers: headers() })).status).toBe(401);
  });

  it("serves its key counts at the state endpoint", async () => {
    const res = await vendorRequest(bed.standardConnection(), { method: "GET", path: "/__emulator/state" });
    expect(JSON.parse(res.body)).toEqual(bed.emulator.inspect());
  });
});
