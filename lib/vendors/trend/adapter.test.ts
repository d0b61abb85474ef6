import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AppError } from "@/lib/errors";
import { VendorError } from "../errors";
import type { MintRequest } from "../types";
import { trendAdapter } from "./adapter";
import { TREND_DEMO_ADMIN_SECRET, TREND_DEMO_USERS } from "@/emulators/trend/emulator";
import { startTrendFixture, type TrendFixture } from "@/emulators/trend/test-support";
import { rejection } from "@/test/support/rejection";

const DAY = 24 * 60 * 60 * 1000;
let fx: TrendFixture;

beforeAll(async () => {
  fx = await startTrendFixture();
});
afterAll(() => fx.emulator.close());
afterEach(() => fx.emulator.setFaults(null));

const request = (over: Partial<MintRequest> = {}): MintRequest => ({
  name: "ci-reporting",
  scope: ["2"],
  expiresAt: new Date(Date.now() + 30 * DAY),
  fields: { description: "Nightly report", locale: "ja-JP", timeZone: "Asia/Tokyo" },
  ...over,
});

const failure = (promise: Promise<unknown>) => rejection(promise, VendorError);

describe("connection", () => {
  it("tests an API key connection with the key's own description", async () => {
    const { facts } = await trendAdapter.testConnection(fx.conn());
    expect(facts).toContainEqual({ label: "Signed in with key", value: "Keyward admin key (ID 1)" });
    expect(facts).toContainEqual({ label: "Role", value: "Full Access" });
  });

  it("reads the expiry of its own API key from the manager, so the admins can be reminded", async () => {
    expect((await trendAdapter.testConnection(fx.conn())).credentialExpiresAt).toBeNull();
    const expiresAt = new Date(Math.floor((Date.now() + 40 * DAY) / 1000) * 1000);
    const own = await trendAdapter.mint(fx.conn(), request({ name: "keyward-own", scope: ["1"], expiresAt }));
    const tested = await trendAdapter.testConnection(fx.conn({ authMode: "api-key" }, { apiSecretKey: own.secret }));
    expect(tested.credentialExpiresAt?.toISOString()).toBe(expiresAt.toISOString());
    expect(JSON.stringify(tested)).not.toContain(own.secret);
  });

  it("tests a user name and password connection through a session", async () => {
    const { facts } = await trendAdapter.testConnection(
      fx.conn(
        { authMode: "session", username: "admin", tenant: "Primary" },
        { password: TREND_DEMO_USERS.admin.password },
      ),
    );
    expect(facts).toContainEqual({ label: "Signed in as", value: "admin (administrator 1)" });
    expect(facts).toContainEqual({ label: "Roles available", value: "3" });
  });

  it("reports a wrong API secret key as an auth failure without echoing it", async () => {
    const wrong = "9:WrongWrongWrongWrongWrongWrongWrongWrong0=";
    const err = await failure(trendAdapter.testConnection(fx.conn({ authMode: "api-key" }, { apiSecretKey: wrong })));
    expect(err).toMatchObject({ failure: "vendor_auth", vendorStatus: 401 });
    expect(err.message).toContain("Invalid API secret key");
    expect(err.message).not.toContain(wrong);
  });

  it("reports a wrong password or tenant as an auth failure without echoing the password", async () => {
    const err = await failure(
      trendAdapter.listRoles(fx.conn({ authMode: "session", username: "admin" }, { password: "hunter2-wrong" })),
    );
    expect(err).toMatchObject({ failure: "vendor_auth", vendorStatus: 401 });
    expect(err.message).toMatch(/user name, password and tenant/);
    expect(err.message).not.toContain("hunter2-wrong");
    const tenant = await failure(
      trendAdapter.listRoles(
        fx.conn(
          { authMode: "session", username: "admin", tenant: "Other" },
          { password: TREND_DEMO_USERS.admin.password },
        ),
      ),
    );
    expect(tenant.failure).toBe("vendor_auth");
  });

  it("names the missing credential of the chosen sign-in method before calling", async () => {
    await expect(trendAdapter.testConnection(fx.conn({ authMode: "api-key" }, {}))).rejects.toMatchObject({
      status: 422,
      fields: { apiSecretKey: expect.any(String) },
    });
    const err = await trendAdapter.listRoles(fx.conn({ authMode: "session", username: "admin" }, {})).then(
      () => undefined,
      (e: AppError) => e,
    );
    expect(err).toMatchObject({ status: 422, fields: { password: expect.any(String) } });
    expect(err?.fields).not.toHaveProperty("username");
  });

  it("works whether or not the admin typed the /api prefix into the base URL", async () => {
    const roles = await trendAdapter.listRoles({ ...fx.conn(), baseUrl: `${fx.url}/api/` });
    expect(roles).toHaveLength(3);
  });

  it("lists the manager's roles by name", async () => {
    const roles = await trendAdapter.listRoles(fx.conn());
    expect(roles.map((r) => r.name)).toEqual(["Auditor", "Full Access", "Read Only"]);
    expect(roles.find((r) => r.name === "Auditor")).toMatchObject({ id: "2", description: "Read-only access" });
  });
});

describe("mint", () => {
  it("creates a key whose secret works and whose snippets carry it", async () => {
    const before = await fx.state();
    const result = await trendAdapter.mint(fx.conn(), request());
    expect(result.secret).toMatch(/^\d+:[A-Za-z0-9+/]+=*$/);
    expect(result.vendorKeyId).toMatch(/^\d+$/);
    expect(result.meta).toMatchObject({
      keyName: "ci-reporting",
      roleId: "2",
      locale: "ja-JP",
      timeZone: "Asia/Tokyo",
    });
    expect((await fx.state()).keys).toBe(before.keys + 1);
    expect(await trendAdapter.verifyKey!(fx.conn(), { secret: result.secret, meta: result.meta })).toBe(true);

    const curl = result.usage.find((u) => u.label === "curl")!.content;
    expect(curl).toContain(`api-secret-key: ${result.secret}`);
    expect(curl).toContain("api-version: v1");
    const url = /curl -sS '([^']+)'/.exec(curl)![1]!;
    const res = await fx.raw("GET", new URL(url).pathname, { "api-version": "v1", "api-secret-key": result.secret });
    expect(JSON.parse(res.body)).toMatchObject({ keyName: "ci-reporting", roleID: 2 });
    expect(result.usage.some((u) => u.filename?.endsWith(".py") && u.content.includes(result.secret))).toBe(true);
  });

  it("returns the expiry the manager stored, or none for a key that never expires", async () => {
    const expiresAt = new Date(Date.now() + 14 * DAY);
    expect((await trendAdapter.mint(fx.conn(), request({ name: "two-weeks", expiresAt }))).expiresAt?.getTime()).toBe(
      expiresAt.getTime(),
    );
    expect(
      (await trendAdapter.mint(fx.conn(), request({ name: "forever", expiresAt: undefined }))).expiresAt,
    ).toBeNull();
  });

  it("creates the first key with a user name and password (session cookie + rID)", async () => {
    const conn = fx.conn({ authMode: "session", username: "admin" }, { password: TREND_DEMO_USERS.admin.password });
    const result = await trendAdapter.mint(conn, request({ name: "First Key", scope: ["1"] }));
    expect(await trendAdapter.verifyKey!(conn, { secret: result.secret, meta: result.meta })).toBe(true);
  });

  it("rejects an invalid request with field errors before calling the manager", async () => {
    fx.emulator.setFaults({ hang: true }); // any vendor call would now time out
    const err = await trendAdapter
      .mint(
        fx.conn(),
        request({
          name: " ",
          scope: [],
          expiresAt: new Date(Date.now() + 400 * DAY),
          fields: { timeZone: "Mars/Olympus" },
        }),
      )
      .catch((e: AppError) => e);
    expect(err).toMatchObject({
      status: 422,
      fields: {
        name: expect.any(String),
        scope: expect.any(String),
        expiresAt: expect.any(String),
        timeZone: expect.any(String),
      },
    });
  });

  it("passes on the manager's refusal of an unknown role", async () => {
    const err = await failure(trendAdapter.mint(fx.conn(), request({ scope: ["99"] })));
    expect(err).toMatchObject({ failure: "vendor_rejected", vendorStatus: 400 });
    expect(err.message).toContain("Invalid roleID: 99.");
  });

  it("reports that a read-only key may not create keys", async () => {
    const auditorKey = await trendAdapter.mint(fx.conn(), request({ name: "auditor-conn", scope: ["2"] }));
    const err = await failure(
      trendAdapter.mint(fx.conn({ authMode: "api-key" }, { apiSecretKey: auditorKey.secret }), request()),
    );
    expect(err).toMatchObject({ failure: "vendor_forbidden", vendorStatus: 403 });
    expect(err.message).not.toContain(auditorKey.secret);
  });
});

describe("lifecycle", () => {
  it("lists, renames, locks, unlocks, rotates and deletes a key", async () => {
    const conn = fx.conn();
    const key = await trendAdapter.mint(conn, request({ name: "lifecycle" }));
    const ref = { vendorKeyId: key.vendorKeyId, meta: key.meta };
    const works = (secret: string) => trendAdapter.verifyKey!(conn, { secret, meta: {} });

    expect(await trendAdapter.list!(conn)).toContainEqual({
      vendorKeyId: key.vendorKeyId,
      name: "lifecycle",
      active: true,
      expiresAt: key.expiresAt,
      // Never signed in with yet: Trend reports no lastSignIn.
      lastUsedAt: null,
    });

    await trendAdapter.update!(conn, ref, { name: "lifecycle-renamed", description: "moved to team B" });
    const described = JSON.parse((await fx.raw("GET", `/api/apikeys/${key.vendorKeyId}`)).body);
    expect(described).toMatchObject({ keyName: "lifecycle-renamed", description: "moved to team B" });
    expect(described).not.toHaveProperty("secretKey");

    await trendAdapter.deactivate!(conn, ref);
    expect(await works(key.secret)).toBe(false);
    expect((await trendAdapter.list!(conn)).find((k) => k.vendorKeyId === key.vendorKeyId)?.active).toBe(false);
    await trendAdapter.activate!(conn, ref);
    expect(await works(key.secret)).toBe(true);

    const rotated = await trendAdapter.rotate!(conn, ref);
    expect(rotated.vendorKeyId).toBe(key.vendorKeyId);
    expect(rotated.secret).not.toBe(key.secret);
    expect(rotated.usage[0]!.content).toContain(rotated.secret);
    expect(await works(key.secret)).toBe(false);
    expect(await works(rotated.secret)).toBe(true);

    await trendAdapter.revoke!(conn, ref);
    expect(await works(rotated.secret)).toBe(false);
    expect((await trendAdapter.list!(conn)).some((k) => k.vendorKeyId === key.vendorKeyId)).toBe(false);
    expect(await failure(trendAdapter.revoke!(conn, ref))).toMatchObject({
      failure: "vendor_not_found",
      vendorStatus: 404,
    });
  });

  it("treats a key past its expiry date as unusable", async () => {
    const conn = fx.conn();
    const key = await trendAdapter.mint(
      conn,
      request({ name: "short-lived", expiresAt: new Date(Date.now() + 2 * DAY) }),
    );
    fx.clock.now += 3 * DAY;
    try {
      expect(await trendAdapter.verifyKey!(conn, { secret: key.secret, meta: {} })).toBe(false);
    } finally {
      fx.clock.now -= 3 * DAY;
    }
  });

  it("lists a key whose expiry date has passed as inactive", async () => {
    // Made while the manager's clock was behind, so that by the console's clock it expired yesterday.
    fx.clock.now -= 10 * DAY;
    const created = await fx.raw("POST", "/api/apikeys", undefined, {
      keyName: "expired",
      roleID: 3,
      expiryDate: Date.now() - DAY,
    });
    fx.clock.now += 10 * DAY;
    const { ID } = JSON.parse(created.body) as { ID: number };
    const listed = (await trendAdapter.list!(fx.conn())).find((k) => k.vendorKeyId === String(ID));
    expect(listed).toMatchObject({ name: "expired", active: false });
  });

  it("refuses an empty change and a non-numeric key id before calling", async () => {
    await expect(trendAdapter.update!(fx.conn(), { vendorKeyId: "1", meta: {} }, {})).rejects.toMatchObject({
      status: 422,
    });
    await expect(trendAdapter.revoke!(fx.conn(), { vendorKeyId: "../roles/1", meta: {} })).rejects.toMatchObject({
      status: 422,
    });
  });
});

describe("faults", () => {
  it("times out on a manager that never answers", async () => {
    fx.emulator.setFaults({ hang: true });
    const err = await failure(trendAdapter.listRoles(fx.conn(undefined, undefined, 500)));
    expect(err.failure).toBe("vendor_timeout");
  });

  it("reports a malformed answer as a bad response", async () => {
    fx.emulator.setFaults({ malformed: true });
    const err = await failure(trendAdapter.list!(fx.conn()));
    expect(err.failure).toBe("vendor_bad_response");
    expect(err.message).toContain("not JSON");
  });

  it("reports a dropped connection as unreachable", async () => {
    fx.emulator.setFaults({ drop: true });
    expect((await failure(trendAdapter.listRoles(fx.conn()))).failure).toBe("vendor_unreachable");
  });

  it("reports 5xx answers with the manager's words", async () => {
    fx.emulator.setFaults({ status: 503, body: "Service Unavailable", contentType: "text/plain" });
    expect(await failure(trendAdapter.listRoles(fx.conn()))).toMatchObject({
      failure: "vendor_unreachable",
      vendorStatus: 503,
    });
    fx.emulator.setFaults({
      status: 500,
      body: '{"message":"Internal error, see the manager log"}',
      contentType: "application/json",
    });
    const err = await failure(trendAdapter.mint(fx.conn(), request()));
    expect(err).toMatchObject({ failure: "vendor_bad_response", vendorStatus: 500 });
    expect(err.message).toContain("Internal error, see the manager log");
  });

  it("says when the manager is rate-limiting", async () => {
    const limited = await startTrendFixture({ rateLimitPerMinute: 2 });
    try {
      await trendAdapter.listRoles(limited.conn());
      await trendAdapter.listRoles(limited.conn());
      const err = await failure(trendAdapter.listRoles(limited.conn()));
      expect(err).toMatchObject({ vendorStatus: 429 });
      expect(err.message).toContain("Too many API requests");
    } finally {
      await limited.emulator.close();
    }
  });

  it("uses the admin secret only in the headers, never in a message", async () => {
    fx.emulator.setFaults({
      status: 400,
      body: JSON.stringify({ message: `bad key ${TREND_DEMO_ADMIN_SECRET}` }),
      contentType: "application/json",
    });
    const err = await failure(trendAdapter.listRoles(fx.conn()));
    expect(err.message).not.toContain(TREND_DEMO_ADMIN_SECRET);
  });
});
