import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addMonths } from "date-fns";
import { AppError } from "@/lib/errors";
import { VendorError } from "../errors";
import type { MintRequest } from "../types";
import { expeditionAdapter, expeditionKeyFingerprint } from "./adapter";
import { errorEnvelope } from "@/emulators/expedition/envelope";
import { DAY_MS, startTestBed, type ExpeditionTestBed } from "@/emulators/expedition/test-support";
import { rejection } from "@/test/support/rejection";

let bed: ExpeditionTestBed;
beforeAll(async () => {
  bed = await startTestBed();
});
afterAll(() => bed.emulator.close());
afterEach(() => bed.emulator.setFaults(null));

const request = (over: Partial<MintRequest> = {}): MintRequest => ({
  name: "nightly migration script",
  scope: [],
  fields: {},
  ...over,
});

/** Runs `fn`, expecting a VendorError, and returns it. */
const vendorFailure = (fn: () => Promise<unknown>) => rejection(fn(), VendorError);

describe("testConnection", () => {
  it("logs in and reads the projects the user can see", async () => {
    const result = await expeditionAdapter.testConnection(bed.connection());
    const facts = Object.fromEntries(result.facts.map((f) => [f.label, f.value]));
    expect(facts).toMatchObject({
      "Expedition user": "admin",
      "User id": "1",
      "Projects visible to the user": "2",
      "Login route": "/api/v1/generate_api_key",
    });
    const migrator = await expeditionAdapter.testConnection(
      bed.connection({ settings: { username: "migrator" }, secrets: { password: "Migrate-Expedition-2" } }),
    );
    expect(migrator.facts).toContainEqual({ label: "Projects visible to the user", value: "1" });
  });

  it("reports the key its login made Expedition create, before reading, by the fingerprint Expedition holds", async () => {
    const created: Array<{ vendorKeyId: string; fingerprint: string; expiresAt: Date | null }> = [];
    const result = await expeditionAdapter.testConnection(bed.connection(), { onKeyCreated: (k) => created.push(k) });
    expect(created).toHaveLength(1);
    const [key] = created;
    expect(key!.vendorKeyId).toBe(`user:1:${key!.fingerprint}`);
    expect(bed.emulator.inspect().keys.map((k) => k.fingerprint)).toContain(key!.fingerprint);
    expect(key!.expiresAt!.getTime() - Date.now()).toBeGreaterThan(27 * DAY_MS);
    expect(result.facts).toContainEqual({
      label: "Key this test's login created",
      value: `fingerprint ${key!.fingerprint} (recorded as a connection key)`,
    });
  });

  it("says the credentials are wrong, quoting Expedition, without the password", async () => {
    const err = await vendorFailure(() =>
      expeditionAdapter.testConnection(bed.connection({ secrets: { password: "not-the-password" } })),
    );
    expect(err.failure).toBe("vendor_auth");
    expect(err.vendorStatus).toBe(401);
    expect(err.message).toContain("Invalid username or password");
    expect(err.message).toContain("user name and password in the connection's settings");
    expect(err.message).not.toContain("not-the-password");
  });

  it("refuses an unknown user the same way", async () => {
    const err = await vendorFailure(() =>
      expeditionAdapter.testConnection(bed.connection({ settings: { username: "nobody" } })),
    );
    expect(err.failure).toBe("vendor_auth");
    expect(err.message).toContain('user "nobody"');
  });

  it("refuses a connection without password before calling Expedition", async () => {
    const before = bed.emulator.inspect().loginAttempts;
    const err = await vendorFailure(() => expeditionAdapter.testConnection(bed.connection({ secrets: {} })));
    expect(err.failure).toBe("vendor_auth");
    expect(err.message).toContain("no Expedition password");
    expect(bed.emulator.inspect().loginAttempts).toBe(before);
  });

  it("redacts the password if Expedition ever echoes it", async () => {
    bed.emulator.setFaults({
      status: 401,
      contentType: "application/json",
      body: JSON.stringify(errorEnvelope(401, "Bad password paloalto for admin", "")),
      remaining: 1,
    });
    const err = await vendorFailure(() => expeditionAdapter.testConnection(bed.connection()));
    expect(err.message).toContain("Bad password [redacted] for admin");
    expect(err.message).not.toContain("paloalto");
  });
});

describe("mint", () => {
  it("issues a 128-character key that works on Expedition's authenticated endpoints", async () => {
    const before = Date.now();
    const result = await expeditionAdapter.mint(bed.connection(), request());
    expect(result.secret).toMatch(/^[A-Za-z0-9]{128}$/);
    expect(result.vendorKeyId).toBe(`user:1:${expeditionKeyFingerprint(result.secret)}`);
    expect(result.meta).toEqual({ username: "admin", userId: "1", loginPath: "/api/v1/generate_api_key" });
    expect(result.expiresAt!.getTime()).toBeGreaterThanOrEqual(addMonths(before, 1).getTime());
    expect(result.expiresAt!.getTime()).toBeLessThanOrEqual(addMonths(Date.now(), 1).getTime());

    const fingerprint = result.vendorKeyId.split(":")[2];
    const stored = bed.emulator.inspect().keys.find((k) => k.fingerprint === fingerprint);
    expect(stored?.userId).toBe(1);
    expect(Math.abs(new Date(stored!.expiresAt).getTime() - result.expiresAt!.getTime())).toBeLessThan(5000);

    await expect(
      expeditionAdapter.verifyKey!(bed.connection(), { secret: result.secret, meta: result.meta }),
    ).resolves.toBe(true);
    const projects = await bed.call("GET", "/api/v1/projects", {
      headers: { authorization: `Bearer ${result.secret}` },
    });
    expect(projects.status).toBe(200);
    expect(projects.json).toMatchObject({
      Contents: { success: true, response: { data: { content: [{ id: 1 }, { id: 2 }] } } },
    });
    const job = await bed.call("GET", "/api/v1/job/status/1619", {
      headers: { authorization: `Bearer ${result.secret}` },
    });
    expect(job.json).toMatchObject({
      Contents: { response: { data: { content: { system: { jobs: { jobId: 1619, state: 1 } } } } } },
    });
  });

  it("gives usage snippets that call GET /api/v1/projects with the Bearer key", async () => {
    const result = await expeditionAdapter.mint(bed.connection(), request());
    const curl = result.usage.find((u) => u.content.startsWith("curl"));
    expect(curl?.content).toContain(`'${bed.emulator.url}/api/v1/projects'`);
    expect(curl?.content).toContain(`'Authorization: Bearer ${result.secret}'`);
    const python = result.usage.find((u) => u.filename === "expedition_projects.py");
    expect(python?.content).toContain(`API_KEY = "${result.secret}"`);
    expect(python?.content).toContain("hed = {'Authorization': 'Bearer ' + API_KEY}");
  });

  it("refuses a role, a security level or an expiry before calling Expedition", async () => {
    const before = bed.emulator.inspect().loginAttempts;
    const err = await expeditionAdapter
      .mint(
        bed.connection(),
        request({ scope: ["superuser"], securityLevel: "advanced", expiresAt: new Date(Date.now() + DAY_MS) }),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(422);
    expect(Object.keys((err as AppError).fields ?? {}).sort()).toEqual(["expiresAt", "scope", "securityLevel"]);
    expect(bed.emulator.inspect().loginAttempts).toBe(before);
  });

  it("falls back to the older /api/v1/login route when generate_api_key does not exist", async () => {
    bed.emulator.setFaults({ status: 404, contentType: "text/html", body: "<h1>Not Found</h1>", remaining: 1 });
    const result = await expeditionAdapter.mint(bed.connection(), request());
    expect(result.meta.loginPath).toBe("/api/v1/login");
    await expect(
      expeditionAdapter.verifyKey!(bed.connection(), { secret: result.secret, meta: result.meta }),
    ).resolves.toBe(true);
  });

  it("says the base URL is wrong when neither login route exists", async () => {
    bed.emulator.setFaults({ status: 404, contentType: "text/html", body: "<h1>Not Found</h1>", remaining: 2 });
    const err = await vendorFailure(() => expeditionAdapter.mint(bed.connection(), request()));
    expect(err.failure).toBe("vendor_bad_response");
    expect(err.message).toContain("without /api");
  });
});

describe("key lifetime", () => {
  it("a key stops working one month after issue when its user does not log in again", async () => {
    const result = await expeditionAdapter.mint(
      bed.connection({ settings: { username: "migrator" }, secrets: { password: "Migrate-Expedition-2" } }),
      request(),
    );
    bed.advance(32 * DAY_MS);
    await expect(
      expeditionAdapter.verifyKey!(bed.connection(), { secret: result.secret, meta: result.meta }),
    ).resolves.toBe(false);
    const raw = await bed.call("GET", "/api/v1/projects", { headers: { authorization: `Bearer ${result.secret}` } });
    expect(raw.status).toBe(401);
    expect(raw.json).toMatchObject({
      success: false,
      Contents: { success: false, response: { "response-messages": { messages: [{ message: "API key expired" }] } } },
    });
  });

  it("every login of the same user extends the user's live keys by a month", async () => {
    const first = await expeditionAdapter.mint(bed.connection(), request());
    bed.advance(20 * DAY_MS);
    await expeditionAdapter.testConnection(bed.connection()); // a login
    bed.advance(20 * DAY_MS); // 40 days after issue
    await expect(
      expeditionAdapter.verifyKey!(bed.connection(), { secret: first.secret, meta: first.meta }),
    ).resolves.toBe(true);
    bed.advance(31 * DAY_MS);
    await expect(
      expeditionAdapter.verifyKey!(bed.connection(), { secret: first.secret, meta: first.meta }),
    ).resolves.toBe(false);
  });
});

describe("verifyKey", () => {
  it("is false for a key Expedition never issued and for a missing Bearer header", async () => {
    await expect(expeditionAdapter.verifyKey!(bed.connection(), { secret: "A".repeat(128), meta: {} })).resolves.toBe(
      false,
    );
    const raw = await bed.call("GET", "/api/v1/projects");
    expect(raw.status).toBe(401);
    expect(raw.json).toMatchObject({
      Type: "error",
      Contents: {
        success: false,
        response: { "response-messages": { messages: [{ message: "Unauthenticated" }] }, data: { content: null } },
      },
    });
  });

  it("throws, rather than answering false, when Expedition is failing", async () => {
    bed.emulator.setFaults({ status: 500, body: "Internal Server Error", remaining: 1 });
    const err = await vendorFailure(() => expeditionAdapter.verifyKey!(bed.connection(), { secret: "x", meta: {} }));
    expect(err.failure).toBe("vendor_bad_response");
    expect(err.vendorStatus).toBe(500);
  });
});

describe("faults", () => {
  it("times out on a server that never answers", async () => {
    bed.emulator.setFaults({ hang: true, remaining: 1 });
    const err = await vendorFailure(() => expeditionAdapter.mint(bed.connection({ timeoutMs: 500 }), request()));
    expect(err.failure).toBe("vendor_timeout");
  });

  it("reports a truncated answer without quoting it", async () => {
    bed.emulator.setFaults({ malformed: true, remaining: 1 });
    const err = await vendorFailure(() => expeditionAdapter.mint(bed.connection(), request()));
    expect(err.failure).toBe("vendor_bad_response");
    expect(err.message).toContain("not an Expedition API response");
    expect(err.message).not.toContain("Contents");
  });

  it("reports a dropped connection as unreachable", async () => {
    bed.emulator.setFaults({ drop: true, remaining: 1 });
    const err = await vendorFailure(() => expeditionAdapter.testConnection(bed.connection()));
    expect(err.failure).toBe("vendor_unreachable");
  });

  it("reports a 503 as a failing Expedition with its status", async () => {
    bed.emulator.setFaults({
      status: 503,
      contentType: "text/html",
      body: "<html>Service Unavailable</html>",
      remaining: 1,
    });
    const err = await vendorFailure(() => expeditionAdapter.mint(bed.connection(), request()));
    expect(err.failure).toBe("vendor_bad_response");
    expect(err.vendorStatus).toBe(503);
    expect(err.message).toContain("services are running");
  });

  it("reports a 200 'success' without api_key as a changed API", async () => {
    bed.emulator.setFaults({
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({ success: true, data: { token: "t" } }),
      remaining: 1,
    });
    const err = await vendorFailure(() => expeditionAdapter.mint(bed.connection(), request()));
    expect(err.failure).toBe("vendor_bad_response");
    expect(err.message).toContain("no api_key");
  });
});

describe("lifecycle", () => {
  it("offers no lifecycle verbs, as Expedition documents none", () => {
    expect(expeditionAdapter.capabilities.lifecycle).toEqual([]);
    for (const verb of ["list", "deactivate", "activate", "update", "rotate", "revoke"] as const)
      expect(expeditionAdapter[verb]).toBeUndefined();
  });

  it("asks for the Expedition user's name and password, the password as a secret", () => {
    const fields = expeditionAdapter.capabilities.connectionFields.map(({ name, kind, required, defaultValue }) => ({
      name,
      kind,
      required,
      defaultValue,
    }));
    expect(fields).toEqual([
      { name: "username", kind: "text", required: true, defaultValue: "admin" },
      { name: "password", kind: "secret", required: true, defaultValue: undefined },
    ]);
    expect(expeditionAdapter.capabilities.expiry).toMatchObject({ kind: "fixed", lifetimeDays: 30 });
  });

  it("has no roles to choose from", async () => {
    await expect(expeditionAdapter.listRoles(bed.connection())).resolves.toEqual([]);
  });
});
