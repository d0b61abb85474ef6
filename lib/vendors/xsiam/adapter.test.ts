import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { VendorError } from "../errors";
import { vendorRequest } from "../http";
import type { MintRequest, VendorConnection } from "../types";
import { authHeaders } from "./auth";
import { xsiamAdapter } from "./adapter";
import { CHILD_TENANT, MAIN_TENANT, SEEDED_KEYS, TRIAL_TENANT } from "@/emulators/xsiam/seed";
import { DAY_MS, startTestBed, type XsiamTestBed } from "@/emulators/xsiam/test-support";
import { rejection } from "@/test/support/rejection";

let bed: XsiamTestBed;
beforeAll(async () => {
  bed = await startTestBed();
});
afterAll(() => bed.emulator.close());
afterEach(() => {
  bed.emulator.setFaults(null);
  bed.resetClock();
});

const request = (over: Partial<MintRequest> = {}): MintRequest => ({
  name: "siem-export",
  scope: ["Investigator"],
  securityLevel: "standard",
  expiresAt: new Date(Date.now() + 7 * DAY_MS),
  fields: { comment: "nightly job" },
  ...over,
});

const failure = <T extends Error = VendorError>(
  fn: () => Promise<unknown>,
  type: new (...a: never[]) => T = VendorError as never,
): Promise<T> => rejection(fn(), type);

const facts = async (conn: VendorConnection) =>
  Object.fromEntries((await xsiamAdapter.testConnection(conn)).facts.map((f) => [f.label, f.value]));
const keysIn = (tenant: string) => bed.emulator.inspect()[tenant]?.keys ?? 0;

/** Calls rbac/get_roles as a given key, the call the usage snippets show. */
async function callAs(keyId: string, secret: string, level: "standard" | "advanced") {
  const conn = bed.standardConnection();
  const res = await vendorRequest(conn, {
    method: "POST",
    path: "/public_api/v1/rbac/get_roles/",
    headers: { "content-type": "application/json", ...authHeaders({ keyId, apiKey: secret, level }) },
    body: JSON.stringify({ request_data: { role_names: ["Investigator"] } }),
  });
  return res.status;
}

describe("testConnection", () => {
  it("reads the tenant with an advanced key and with a standard key", async () => {
    expect(await facts(bed.connection())).toMatchObject({
      "Key security level": "advanced",
      "Roles available": "3",
      Tenant: new URL(bed.emulator.url).host,
    });
    expect(Number((await facts(bed.standardConnection()))["API keys on the tenant"])).toBeGreaterThanOrEqual(3);
  });

  it("reports a wrong key as an auth failure in XSIAM's words, never echoing the key", async () => {
    const err = await failure(() =>
      xsiamAdapter.testConnection(bed.connection({ secrets: { apiKey: "W".repeat(128) } })),
    );
    expect(err.failure).toBe("vendor_auth");
    expect(err.vendorStatus).toBe(401);
    expect(err.message).toContain("Public API request unauthorized");
    expect(err.message).toContain("security level");
    expect(err.message).not.toContain("WWWWWWWW");
  });

  it("rejects a key configured with the wrong security level", async () => {
    const err = await failure(() =>
      xsiamAdapter.testConnection(bed.connection({ settings: { authLevel: "standard" } })),
    );
    expect(err.failure).toBe("vendor_auth");
    expect(err.message).not.toContain(SEEDED_KEYS.advancedAdmin.key);
  });

  it("explains 403 (role lacks API-key rights) and 402 (license)", async () => {
    const viewer = bed.standardConnection({
      settings: { apiKeyId: String(SEEDED_KEYS.viewer.id) },
      secrets: { apiKey: SEEDED_KEYS.viewer.key },
    });
    const forbidden = await failure(() => xsiamAdapter.testConnection(viewer));
    expect([forbidden.failure, forbidden.vendorStatus]).toEqual(["vendor_forbidden", 403]);
    expect(forbidden.message).toContain("RBAC permissions");
    expect(forbidden.message).toContain("Instance Administrator");
    const trial = bed.standardConnection({
      settings: { apiKeyId: String(SEEDED_KEYS.trialAdmin.id) },
      secrets: { apiKey: SEEDED_KEYS.trialAdmin.key },
    });
    const unlicensed = await failure(() => xsiamAdapter.testConnection(trial));
    expect([unlicensed.failure, unlicensed.vendorStatus]).toEqual(["vendor_forbidden", 402]);
    expect(unlicensed.message).toContain("license");
  });

  it("works on a paired child tenant and says so when the child is not paired", async () => {
    expect(await facts(bed.connection({ settings: { childTenantId: CHILD_TENANT } }))).toMatchObject({
      "Child tenant": CHILD_TENANT,
    });
    const err = await failure(() =>
      xsiamAdapter.testConnection(bed.connection({ settings: { childTenantId: "9999" } })),
    );
    expect(err.vendorStatus).toBe(403);
    expect(err.message).toContain("not paired");
  });

  it("refuses an incomplete connection before calling XSIAM", async () => {
    const err = await failure(
      () => xsiamAdapter.testConnection(bed.connection({ settings: { apiKeyId: "", authLevel: "" } })),
      AppError,
    );
    expect(err.status).toBe(422);
    expect(Object.keys(err.fields ?? {}).sort()).toEqual(["apiKeyId", "authLevel"]);
  });
});

describe("listRoles", () => {
  it("lists the tenant's roles by display name", async () => {
    const roles = await xsiamAdapter.listRoles(bed.connection());
    expect(roles.map((r) => r.id).sort()).toEqual(["Instance Administrator", "Investigator", "Viewer"]);
    expect(roles.find((r) => r.id === "Viewer")?.description).toContain("Read-only");
  });

  it("falls back to the connection's roles when the tenant has no role-listing endpoint", async () => {
    bed.emulator.setFaults({ status: 404, body: "not found", remaining: 1 });
    const roles = await xsiamAdapter.listRoles(bed.connection({ settings: { roles: "Viewer, Investigator,Viewer" } }));
    expect(roles).toEqual([
      { id: "Viewer", name: "Viewer" },
      { id: "Investigator", name: "Investigator" },
    ]);
  });

  it("tells the admin to add roles when neither the tenant nor the connection gives any", async () => {
    bed.emulator.setFaults({
      status: 500,
      contentType: "application/json",
      body: JSON.stringify({
        reply: {
          err_code: 500,
          err_msg: "An error occurred while processing XDR public API",
          err_extra: "No such API",
        },
      }),
      remaining: 1,
    });
    const err = await failure(() => xsiamAdapter.listRoles(bed.connection()), AppError);
    expect(err.status).toBe(422);
    expect(err.message).toContain('"Roles" field');
    expect(err.message).toContain("No such API");
  });

  it("does not hide a bad key behind the fallback", async () => {
    const err = await failure(() =>
      xsiamAdapter.listRoles(bed.connection({ secrets: { apiKey: "x".repeat(128) }, settings: { roles: "Viewer" } })),
    );
    expect(err.failure).toBe("vendor_auth");
  });
});

describe("mint, verify, list and revoke", () => {
  it("mints a standard key whose secret works as the curl snippet shows", async () => {
    const before = keysIn(MAIN_TENANT);
    const minted = await xsiamAdapter.mint(bed.connection(), request());
    expect(keysIn(MAIN_TENANT)).toBe(before + 1);
    expect(minted.secret).toMatch(/^[A-Za-z0-9]{128}$/);
    expect(minted.publicId).toBe(minted.vendorKeyId);
    expect(minted.meta).toMatchObject({ keyId: minted.vendorKeyId, securityLevel: "standard" });
    expect(minted.usage).toHaveLength(1);
    expect(minted.usage[0]!.content).toContain(`x-xdr-auth-id: ${minted.vendorKeyId}`);
    expect(minted.usage[0]!.content).toContain(minted.secret);
    expect(await callAs(minted.vendorKeyId, minted.secret, "standard")).toBe(200);
    expect(await xsiamAdapter.verifyKey!(bed.connection(), minted)).toBe(true);
    expect(await xsiamAdapter.verifyKey!(bed.connection(), { ...minted, secret: "z".repeat(128) })).toBe(false);
  });

  it("mints an advanced key, usable only when signed, with bash and Python signing snippets", async () => {
    const minted = await xsiamAdapter.mint(bed.connection(), request({ securityLevel: "advanced", scope: ["Viewer"] }));
    expect(minted.usage.map((u) => u.filename)).toEqual(["xsiam-call.sh", "xsiam_call.py"]);
    expect(minted.usage[0]!.content).toContain("sha256sum");
    expect(minted.usage[1]!.content).toContain("hashlib.sha256((API_KEY + nonce + timestamp)");
    expect(await callAs(minted.vendorKeyId, minted.secret, "advanced")).toBe(200);
    expect(await callAs(minted.vendorKeyId, minted.secret, "standard")).toBe(401);
    // A Viewer key cannot list API keys (403), which still proves it authenticated.
    expect(await xsiamAdapter.verifyKey!(bed.connection(), minted)).toBe(true);
  });

  it("passes XSIAM's refusal of an unknown role on, in its words", async () => {
    const before = keysIn(MAIN_TENANT);
    const err = await failure(() => xsiamAdapter.mint(bed.connection(), request({ scope: ["Ghost"] })));
    expect([err.failure, err.status]).toEqual(["vendor_rejected", 422]);
    expect(err.message).toContain("Role(s) not found: Ghost");
    expect(keysIn(MAIN_TENANT)).toBe(before);
  });

  it("validates the request before calling XSIAM", async () => {
    const before = keysIn(MAIN_TENANT);
    const err = await failure(
      () => xsiamAdapter.mint(bed.connection(), request({ expiresAt: new Date(Date.now() + 200 * DAY_MS) })),
      AppError,
    );
    expect(err.status).toBe(422);
    expect(err.fields?.expiresAt).toContain("six months");
    expect(keysIn(MAIN_TENANT)).toBe(before);
  });

  it("mints on the paired child tenant when the connection names it", async () => {
    const before = keysIn(CHILD_TENANT);
    const minted = await xsiamAdapter.mint(bed.connection({ settings: { childTenantId: CHILD_TENANT } }), request());
    expect(minted.meta.childTenantId).toBe(CHILD_TENANT);
    expect(keysIn(CHILD_TENANT)).toBe(before + 1);
    expect(keysIn(TRIAL_TENANT)).toBe(1);
  });

  it("stops accepting a key once it has expired", async () => {
    const conn = bed.standardConnection();
    const minted = await xsiamAdapter.mint(conn, request({ expiresAt: new Date(Date.now() + 2 * DAY_MS) }));
    expect(await xsiamAdapter.verifyKey!(conn, minted)).toBe(true);
    bed.advanceClock(3 * DAY_MS);
    expect(await xsiamAdapter.verifyKey!(conn, minted)).toBe(false);
  });

  it("lists keys with their name and expiry, and revokes by deleting", async () => {
    const conn = bed.connection();
    const minted = await xsiamAdapter.mint(conn, request({ name: "to-revoke" }));
    const listed = (await xsiamAdapter.list!(conn)).find((k) => k.vendorKeyId === minted.vendorKeyId);
    expect(listed).toEqual({
      vendorKeyId: minted.vendorKeyId,
      name: "to-revoke",
      active: true,
      expiresAt: minted.expiresAt,
    });
    await xsiamAdapter.revoke!(conn, { vendorKeyId: minted.vendorKeyId, meta: minted.meta });
    expect(await xsiamAdapter.verifyKey!(conn, minted)).toBe(false);
    expect((await xsiamAdapter.list!(conn)).some((k) => k.vendorKeyId === minted.vendorKeyId)).toBe(false);
    const again = await failure(() =>
      xsiamAdapter.revoke!(conn, { vendorKeyId: minted.vendorKeyId, meta: minted.meta }),
    );
    expect(again.failure).toBe("vendor_not_found");
  });

  it("pages through more keys than one list call returns", async () => {
    const conn = bed.standardConnection({ settings: { childTenantId: CHILD_TENANT } });
    const start = keysIn(CHILD_TENANT);
    await Promise.all(Array.from({ length: 101 - start + 1 }, () => xsiamAdapter.mint(conn, request())));
    expect((await xsiamAdapter.list!(conn)).length).toBe(keysIn(CHILD_TENANT));
    expect(keysIn(CHILD_TENANT)).toBeGreaterThan(100);
  });
});

describe("faults", () => {
  it("times out on a hanging tenant", async () => {
    bed.emulator.setFaults({ hang: true, remaining: 1 });
    const err = await failure(() => xsiamAdapter.testConnection(bed.connection({ timeoutMs: 500 })));
    expect(err.failure).toBe("vendor_timeout");
  });

  it("reports a malformed answer as a bad response", async () => {
    bed.emulator.setFaults({ malformed: true, remaining: 1 });
    const err = await failure(() => xsiamAdapter.mint(bed.connection(), request()));
    expect(err.failure).toBe("vendor_bad_response");
  });

  it("reports a dropped connection as unreachable", async () => {
    bed.emulator.setFaults({ drop: true, remaining: 1 });
    const err = await failure(() => xsiamAdapter.list!(bed.connection()));
    expect(err.failure).toBe("vendor_unreachable");
  });

  it("maps 5xx without an XSIAM error body, and a documented 400", async () => {
    bed.emulator.setFaults({ status: 503, body: "Service Unavailable", remaining: 1 });
    expect((await failure(() => xsiamAdapter.list!(bed.connection()))).failure).toBe("vendor_unreachable");
    bed.emulator.setFaults({ status: 500, contentType: "text/html", body: "<html>oops</html>", remaining: 1 });
    expect((await failure(() => xsiamAdapter.list!(bed.connection()))).failure).toBe("vendor_bad_response");
    bed.emulator.setFaults({
      status: 400,
      contentType: "application/json",
      body: JSON.stringify({ reply: { err_code: 400, err_msg: "Bad Request. Got an invalid JSON.", err_extra: null } }),
      remaining: 1,
    });
    const bad = await failure(() => xsiamAdapter.mint(bed.connection(), request()));
    expect(bad.failure).toBe("vendor_rejected");
    expect(bad.message).toContain("Got an invalid JSON");
  });

  it("treats err_code inside a 200 reply as an error", async () => {
    bed.emulator.setFaults({
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({ reply: { err_code: 401, err_msg: "Public API request unauthorized", err_extra: null } }),
      remaining: 1,
    });
    expect((await failure(() => xsiamAdapter.list!(bed.connection()))).failure).toBe("vendor_auth");
  });
});
