import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { VendorError } from "../errors";
import type { MintRequest } from "../types";
import { rancherAdapter } from "./adapter";
import { resolveApiRoot } from "./client";
import { updateKey } from "./keys";
import {
  RANCHER_ADMIN_SECRET_KEY,
  RANCHER_VIEWER_ACCESS_KEY,
  RANCHER_VIEWER_SECRET_KEY,
} from "@/emulators/rancher/emulator";
import { startTestBed, type RancherTestBed } from "@/emulators/rancher/test-support";
import { rejection } from "@/test/support/rejection";

let bed: RancherTestBed;
beforeAll(async () => {
  bed = await startTestBed();
});
afterAll(() => bed.emulator.close());
afterEach(() => bed.emulator.setFaults(null));

const request = (over: Partial<MintRequest> = {}): MintRequest => ({
  name: "ci-deployer",
  scope: ["1a5"],
  fields: { description: "deploys from CI" },
  ...over,
});

/** Expects a VendorError whose message does not quote the admin's secret key. */
async function vendorFailure(promise: Promise<unknown>): Promise<VendorError> {
  const vendorErr = await rejection(promise, VendorError);
  expect(vendorErr.message).not.toContain(RANCHER_ADMIN_SECRET_KEY);
  return vendorErr;
}

describe("connection", () => {
  it("tests the connection with an authenticated read of the environments", async () => {
    const result = await rancherAdapter.testConnection(bed.connection());
    expect(result.facts).toEqual(
      expect.arrayContaining([
        { label: "API version", value: "v2-beta" },
        { label: "Environments", value: "2" },
        { label: "Environment names", value: "Default, Production" },
      ]),
    );
  });

  it("accepts the API or an environment endpoint as base URL", async () => {
    for (const suffix of ["/v2-beta", "/v1/", "/v2-beta/projects/1a5"]) {
      const result = await rancherAdapter.testConnection(bed.connection({ baseUrl: bed.emulator.url + suffix }));
      expect(result.facts.find((f) => f.label === "API version")?.value).toBe(
        suffix.startsWith("/v1") ? "v1" : "v2-beta",
      );
    }
  });

  it("reports a refused secret key in Rancher's words, without the secret", async () => {
    const err = await vendorFailure(rancherAdapter.testConnection(bed.connection({ secretKey: "wrong-secret-value" })));
    expect(err.failure).toBe("vendor_auth");
    expect(err.vendorStatus).toBe(401);
    expect(err.message).toContain("Unauthorized");
    expect(err.message).not.toContain("wrong-secret-value");
  });

  it("lists the environments the account sees", async () => {
    expect(await rancherAdapter.listRoles(bed.connection())).toEqual([
      { id: "1a5", name: "Default", description: "Default environment" },
      { id: "1a7", name: "Production", description: "Production workloads" },
    ]);
    const viewer = bed.connection({ accessKey: RANCHER_VIEWER_ACCESS_KEY, secretKey: RANCHER_VIEWER_SECRET_KEY });
    expect((await rancherAdapter.listRoles(viewer)).map((r) => r.id)).toEqual(["1a5"]);
  });
});

describe("mint", () => {
  it("creates an environment key whose pair authenticates, scoped to its environment", async () => {
    const conn = bed.connection();
    const result = await rancherAdapter.mint(conn, request());
    expect(result.publicId).toMatch(/^[0-9A-F]{20}$/);
    expect(result.secret).toHaveLength(40);
    expect(result.vendorKeyId).toMatch(/^1c\d+$/);
    expect(result.expiresAt).toBeNull();
    expect(result.meta).toMatchObject({ environmentId: "1a5", apiVersion: "v2-beta", state: "active" });
    expect(await rancherAdapter.verifyKey!(conn, result)).toBe(true);

    const asKey = { accessKey: result.publicId!, secretKey: result.secret };
    expect((await bed.raw("GET", "/v2-beta/projects/1a5", asKey)).status).toBe(200);
    expect((await bed.raw("GET", "/v2-beta/projects/1a7", asKey)).status).toBe(404);
    const stored = await bed.raw("GET", `/v2-beta/projects/1a5/apikeys/${result.vendorKeyId}`);
    expect(stored.json).toMatchObject({ name: "ci-deployer", description: "deploys from CI", secretValue: null });
  });

  it("hands out usage snippets that carry the pair", async () => {
    const result = await rancherAdapter.mint(bed.connection(), request({ name: "snippets" }));
    const byFile = Object.fromEntries(result.usage.map((u) => [u.filename ?? u.label, u.content]));
    expect(byFile[".netrc"]).toBe(`machine 127.0.0.1 login ${result.publicId} password ${result.secret}\n`);
    expect(byFile["rancher.env"]).toContain(`export RANCHER_SECRET_KEY='${result.secret}'`);
    expect(byFile["rancher.env"]).toContain(`export RANCHER_URL='${bed.emulator.url}/'`);
    const curl = result.usage.find((u) => u.content.startsWith("curl"))!.content;
    expect(curl).toBe(`curl -s -u '${result.publicId}:${result.secret}' '${bed.emulator.url}/v2-beta/projects/1a5'`);
  });

  it("rejects a request Rancher would refuse before calling it", async () => {
    const before = await bed.state();
    const err = await rancherAdapter
      .mint(bed.connection(), request({ name: "x".repeat(256), expiresAt: new Date() }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(422);
    expect(Object.keys((err as AppError).fields ?? {}).sort()).toEqual(["expiresAt", "name"]);
    expect(await bed.state()).toEqual(before);
  });

  it("reports an environment the account cannot see", async () => {
    const err = await vendorFailure(rancherAdapter.mint(bed.connection(), request({ scope: ["1a99"] })));
    expect(err.failure).toBe("vendor_not_found");
    expect(err.message).toContain("Not Found");
  });

  it("reports Forbidden for a read-only account", async () => {
    const viewer = bed.connection({ accessKey: RANCHER_VIEWER_ACCESS_KEY, secretKey: RANCHER_VIEWER_SECRET_KEY });
    const err = await vendorFailure(rancherAdapter.mint(viewer, request()));
    expect(err.failure).toBe("vendor_forbidden");
    expect(err.message).toContain("Forbidden");
  });
});

describe("lifecycle", () => {
  it("deactivates, reactivates, edits and revokes a key", async () => {
    const conn = bed.connection();
    const minted = await rancherAdapter.mint(conn, request({ name: "lifecycle" }));
    const ref = { vendorKeyId: minted.vendorKeyId, meta: minted.meta };
    const summary = async () => (await rancherAdapter.list!(conn)).find((k) => k.vendorKeyId === minted.vendorKeyId);
    expect(await summary()).toEqual({
      vendorKeyId: minted.vendorKeyId,
      name: "lifecycle",
      active: true,
      expiresAt: null,
    });

    await rancherAdapter.deactivate!(conn, ref);
    expect(await rancherAdapter.verifyKey!(conn, minted)).toBe(false);
    expect((await summary())?.active).toBe(false);
    await rancherAdapter.deactivate!(conn, ref); // already inactive: nothing to do

    await rancherAdapter.activate!(conn, ref);
    expect(await rancherAdapter.verifyKey!(conn, minted)).toBe(true);

    await rancherAdapter.update!(conn, ref, { name: "renamed", description: "new words" });
    expect((await summary())?.name).toBe("renamed");
    expect((await bed.raw("GET", `/v2-beta/projects/1a5/apikeys/${minted.vendorKeyId}`)).json.description).toBe(
      "new words",
    );

    // An active key: revoke deactivates it first, since Rancher answers 405 to deleting it.
    await rancherAdapter.revoke!(conn, ref);
    expect(await rancherAdapter.verifyKey!(conn, minted)).toBe(false);
    expect(await summary()).toBeUndefined();
    const removed = await bed.raw("GET", `/v2-beta/projects/1a5/apikeys/${minted.vendorKeyId}`);
    expect(["removing", "removed"]).toContain(removed.json.state);
    await rancherAdapter.revoke!(conn, ref); // idempotent
    await expect(rancherAdapter.activate!(conn, ref)).rejects.toMatchObject({ failure: "vendor_not_found" });
  });

  it("finds a key without its environment in meta", async () => {
    const conn = bed.connection();
    const minted = await rancherAdapter.mint(conn, request({ name: "no-meta", scope: ["1a7"] }));
    await rancherAdapter.deactivate!(conn, { vendorKeyId: minted.vendorKeyId, meta: {} });
    expect(await rancherAdapter.verifyKey!(conn, minted)).toBe(false);
  });

  it("retries an edit once when Rancher reports a conflict", async () => {
    const conn = bed.connection();
    const minted = await rancherAdapter.mint(conn, request({ name: "conflicted" }));
    const root = await resolveApiRoot(conn);
    const conflict = JSON.stringify({ type: "error", status: 409, code: "Conflict", message: "Conflict" });
    bed.emulator.setFaults({ status: 409, contentType: "application/json", body: conflict, remaining: 1 });
    await updateKey(root, "1a5", minted.vendorKeyId, { name: "resolved" });
    expect((await bed.raw("GET", `/v2-beta/projects/1a5/apikeys/${minted.vendorKeyId}`)).json.name).toBe("resolved");

    bed.emulator.setFaults({ status: 409, contentType: "application/json", body: conflict, remaining: 2 });
    await expect(updateKey(root, "1a5", minted.vendorKeyId, { name: "again" })).rejects.toMatchObject({
      failure: "vendor_rejected",
      vendorStatus: 409,
    });
  });

  it("reports a key deleted in Rancher meanwhile", async () => {
    const err = await vendorFailure(
      rancherAdapter.deactivate!(bed.connection(), { vendorKeyId: "1c999", meta: { environmentId: "1a5" } }),
    );
    expect(err.failure).toBe("vendor_not_found");
    await expect(
      rancherAdapter.deactivate!(bed.connection(), { vendorKeyId: "1c999", meta: {} }),
    ).rejects.toMatchObject({ failure: "vendor_not_found" });
  });

  it("refuses an edit that breaks Rancher's limits before calling it", async () => {
    await expect(
      rancherAdapter.update!(bed.connection(), { vendorKeyId: "1c1", meta: { environmentId: "1a5" } }, { name: " " }),
    ).rejects.toMatchObject({ status: 422, fields: { name: expect.any(String) } });
  });
});

describe("faults", () => {
  it("times out on a server that never answers", async () => {
    bed.emulator.setFaults({ hang: true });
    const err = await vendorFailure(rancherAdapter.listRoles(bed.connection({ timeoutMs: 500 })));
    expect(err.failure).toBe("vendor_timeout");
  });

  it("rejects a body that is not Rancher's", async () => {
    bed.emulator.setFaults({ malformed: true });
    const err = await vendorFailure(rancherAdapter.listRoles(bed.connection()));
    expect(err.failure).toBe("vendor_bad_response");
  });

  it("reports a dropped connection", async () => {
    bed.emulator.setFaults({ drop: true });
    const err = await vendorFailure(rancherAdapter.listRoles(bed.connection()));
    expect(err.failure).toBe("vendor_unreachable");
  });

  it("reports a server error with Rancher's words", async () => {
    bed.emulator.setFaults({
      status: 500,
      contentType: "application/json",
      body: JSON.stringify({
        type: "error",
        status: 500,
        code: "Internal Server Error",
        message: "Internal Server Error",
      }),
    });
    const err = await vendorFailure(rancherAdapter.listRoles(bed.connection()));
    expect(err.vendorStatus).toBe(500);
    expect(err.message).toContain("Internal Server Error");
  });
});

describe("a server that fails after creating the key", () => {
  let slow: RancherTestBed;
  beforeAll(async () => {
    slow = await startTestBed(60_000); // keys stay `registering`, so mint keeps polling
  });
  afterAll(() => slow.emulator.close());

  it("still hands out the secret, which cannot be read again", async () => {
    const conn = slow.connection({ timeoutMs: 1_000 });
    await rancherAdapter.listRoles(conn); // the API version is known: the next request is the create
    const pending = rancherAdapter.mint(conn, request({ name: "flaky" }));
    while ((await slow.state()).keys.registering === undefined) await new Promise((r) => setTimeout(r, 2));
    slow.emulator.setFaults({ status: 503, body: "unavailable" });
    const result = await pending;
    expect(result.secret).toHaveLength(40);
    expect(result.meta.state).toBe("registering");
  });
});
