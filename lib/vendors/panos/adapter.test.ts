import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { VendorError } from "../errors";
import type { MintProgress, MintRequest, VendorConnection } from "../types";
import { createPanosAdapter } from "./adapter";
import { SHOW_SYSTEM_INFO_CMD } from "./commands";
import type { PanosEmulator } from "@/emulators/panos/emulator";
import { connectionTo, rawCall, startTestFirewall } from "@/emulators/panos/test-support";
import { rejection } from "@/test/support/rejection";

// Contract: the adapter against the emulator over verified HTTPS.

const adapter = createPanosAdapter({ commitPollIntervalMs: 40, commitTimeoutMs: 5_000 });
let emulator: PanosEmulator;
let caPem: string;
let conn: VendorConnection;

const request = (over: Partial<MintRequest> = {}): MintRequest => ({
  name: "CI pipeline",
  scope: [],
  fields: {},
  ...over,
});

const failure = (promise: Promise<unknown>) => rejection(promise, VendorError);

async function keyWorks(key: string): Promise<boolean> {
  const r = await rawCall(emulator, caPem, {
    form: { type: "op", cmd: SHOW_SYSTEM_INFO_CMD },
    headers: { "x-pan-key": key },
  });
  return r.status === 200 && r.body.includes("<hostname>PA-VM-KEYWARD</hostname>");
}

beforeAll(async () => {
  ({ emulator, caPem } = await startTestFirewall());
  conn = connectionTo(emulator, caPem);
});
afterEach(() => {
  emulator.setFaults(null);
  emulator.firewall.keyLifetimeMs = 0;
  emulator.firewall.commitBehaviour = { failNext: 0, stuckNext: 0 };
});
afterAll(() => emulator.close());

describe("testConnection", () => {
  it("shows hostname, model, serial and software version", async () => {
    const { facts } = await adapter.testConnection(conn);
    expect(facts).toEqual([
      { label: "Hostname", value: "PA-VM-KEYWARD" },
      { label: "Model", value: "PA-VM" },
      { label: "Serial", value: "007054000123456" },
      { label: "Software version", value: "11.1.2" },
      { label: "API key lifetime", value: "not set: keys live until revoked or expired on the firewall" },
    ]);
    expect(emulator.inspect().liveKeys).toBe(0); // Basic auth: testing mints no key.
  });

  it("turns 403 Invalid Credential into vendor_auth without echoing the password", async () => {
    const err = await failure(adapter.testConnection(connectionTo(emulator, caPem, "admin", "Wrong-Secret-9")));
    expect(err.failure).toBe("vendor_auth");
    expect(err.message).toBe(
      "The firewall rejected the user name or password (403 Invalid Credential). Check the connection's credentials.",
    );
    expect(err.message).not.toContain("Wrong-Secret-9");
  });

  it("turns a role without op into vendor_forbidden in the firewall's words", async () => {
    const err = await failure(adapter.testConnection(connectionTo(emulator, caPem, "no-api", "NoApi-Demo-1")));
    expect(err.failure).toBe("vendor_forbidden");
    expect(err.message).toContain("Type [op] not authorized for user role.");
  });

  it.each([
    ["an HTML page", { status: 200, contentType: "text/html", body: "<html><body>Login</body></html>" }],
    ["text/xml", { status: 200, contentType: "text/xml", body: "<response status='success'><result/></response>" }],
    ["a truncated body", { malformed: true }],
  ])("reports %s as vendor_bad_response", async (_what, faults) => {
    emulator.setFaults(faults);
    expect((await failure(adapter.testConnection(conn))).failure).toBe("vendor_bad_response");
  });

  it("reports a hung firewall as vendor_timeout, a dropped socket as unreachable, a 503 as unreachable", async () => {
    emulator.setFaults({ hang: true, remaining: 1 });
    const timeout = await failure(adapter.testConnection({ ...conn, id: "panos-hang", timeoutMs: 500 }));
    expect(timeout.failure).toBe("vendor_timeout");
    emulator.setFaults({ drop: true, remaining: 1 });
    expect((await failure(adapter.testConnection(conn))).failure).toBe("vendor_unreachable");
    emulator.setFaults({
      status: 503,
      contentType: "text/html",
      body: "<html>Service Unavailable</html>",
      remaining: 1,
    });
    const unavailable = await failure(adapter.testConnection(conn));
    expect([unavailable.failure, unavailable.vendorStatus]).toEqual(["vendor_unreachable", 503]);
  });
});

describe("listRoles", () => {
  it("offers the device admin role profiles with their XML API rights", async () => {
    const roles = await adapter.listRoles(conn);
    expect(roles.map((r) => r.id)).toEqual(["api-readonly", "api-ops", "no-xmlapi"]);
    expect(roles[1]?.description).toBe("Operational requests, configuration and commit (XML API: op, config, commit)");
  });

  it("says which right is missing when the connection's role cannot read the config", async () => {
    const err = await failure(adapter.listRoles(connectionTo(emulator, caPem, "api-reader", "Reader-Demo-1")));
    expect([err.failure, err.message.includes("Type [config] not authorized for user role.")]).toEqual([
      "vendor_forbidden",
      true,
    ]);
  });
});

describe("mint, own account (the seed's flow)", () => {
  it("returns a working key with .panrc lines and a curl example, and refuses to revoke it alone", async () => {
    const result = await adapter.mint(conn, request({ fields: { tag: "lab" } }));
    expect(result.secret).toMatch(/^LUFRPT/);
    expect(result.meta).toEqual({ mode: "own-account", user: "admin" });
    expect(result.vendorKeyId).toMatch(/^keygen:admin:[0-9a-f]{12}$/);
    expect(result.expiresAt).toBeNull();
    expect(await keyWorks(result.secret)).toBe(true);
    expect(await adapter.verifyKey!(conn, { secret: result.secret, meta: result.meta })).toBe(true);

    const panrc = result.usage.find((u) => u.filename === ".panrc")!.content;
    expect(panrc).toContain(`hostname%lab=127.0.0.1\nport%lab=${emulator.port}\napi_key%lab=${result.secret}\n`);
    const curl = result.usage.find((u) => u.label.startsWith("curl"))!.content;
    expect(curl).toContain(`-H "X-PAN-KEY: ${result.secret}"`);
    expect(curl).toContain(`${emulator.url}/api/?type=op&cmd=%3Cshow%3E%3Csystem%3E%3Cinfo%3E`);

    const err = await adapter.revoke!(conn, { vendorKeyId: result.vendorKeyId, meta: result.meta }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect([(err as AppError).code, (err as AppError).status]).toEqual(["not_supported", 409]);
    expect((err as AppError).message).toContain("Expire all API keys");
  });

  it("validates before calling the firewall", async () => {
    const before = emulator.inspect().requests;
    const err = (await adapter
      .mint(conn, request({ name: "x".repeat(65), expiresAt: new Date() }))
      .catch((e: unknown) => e)) as AppError;
    expect([err.status, Object.keys(err.fields ?? {}).sort()]).toEqual([422, ["expiresAt", "name"]]);
    expect(emulator.inspect().requests).toBe(before);
  });
});

describe("mint, one API administrator per key", () => {
  it("creates a committed admin bound to the role, whose key works until revoked", async () => {
    const before = emulator.inspect();
    const result = await adapter.mint(conn, request({ name: "Grafana poller (prod)", scope: ["api-readonly"] }));
    expect(result.meta.mode).toBe("per-key-admin");
    expect(result.meta.admin).toMatch(/^keyward-grafana-poller-p-[a-z0-9]{6}$/);
    expect(result.meta.admin!.length).toBeLessThanOrEqual(31);
    expect(result.vendorKeyId).toBe(`admin:${result.meta.admin}`);
    expect(emulator.inspect().users).toContainEqual({ name: result.meta.admin, role: "api-readonly" });
    expect(emulator.inspect().liveKeys).toBe(before.liveKeys + 1);
    expect(await keyWorks(result.secret)).toBe(true);

    await adapter.revoke!(conn, { vendorKeyId: result.vendorKeyId, meta: result.meta });
    expect(await keyWorks(result.secret)).toBe(false);
    expect(await adapter.verifyKey!(conn, { secret: result.secret, meta: result.meta })).toBe(false);
    expect(emulator.inspect().users.map((u) => u.name)).not.toContain(result.meta.admin);
    // Revoking again is harmless: the administrator is already gone.
    await adapter.revoke!(conn, { vendorKeyId: result.vendorKeyId, meta: result.meta });
  });

  it("verifies a key whose role lacks op as authenticated", async () => {
    const result = await adapter.mint(conn, request({ name: "no api", scope: ["no-xmlapi"] }));
    expect(await adapter.verifyKey!(conn, { secret: result.secret, meta: result.meta })).toBe(true);
  });

  it("commits only the connection admin's own changes, never another admin's pending work", async () => {
    const ops = { authorization: `Basic ${Buffer.from("ops-admin:Ops-Demo-1").toString("base64")}` };
    const element = "<role><device><xmlapi><op>enable</op></xmlapi></device></role>";
    await rawCall(emulator, caPem, {
      form: { type: "config", action: "set", xpath: "/config/shared/admin-role/entry[@name='half-done']", element },
      headers: ops,
    });
    await adapter.mint(conn, request({ scope: ["api-ops"] }));
    const after = emulator.inspect();
    expect(after.roles).not.toContain("half-done");
    expect(after.pendingChanges).toContainEqual({ by: "ops-admin", target: "role", name: "half-done", deleted: false });
    // Only committed roles are offered: a partial commit could not bind a key's admin to a pending one.
    expect((await adapter.listRoles(conn)).map((r) => r.id)).not.toContain("half-done");
  });

  it("rejects an unknown role profile before creating anything", async () => {
    const before = emulator.inspect().candidateUsers;
    const err = await failure(adapter.mint(conn, request({ scope: ["not-there"] })));
    expect(err.failure).toBe("vendor_rejected");
    expect(err.message).toContain(
      'no device admin role profile named "not-there" (it has: api-readonly, api-ops, no-xmlapi)',
    );
    expect(emulator.inspect().candidateUsers).toEqual(before);
  });

  it("removes the administrator again when the commit fails, and says why", async () => {
    const before = emulator.inspect();
    emulator.firewall.commitBehaviour = { failNext: 1, stuckNext: 0 };
    const err = await failure(adapter.mint(conn, request({ scope: ["api-readonly"] })));
    expect(err.failure).toBe("vendor_rejected");
    expect(err.message).toMatch(
      /commit job \d+ \(adding the API administrator keyward-ci-pipeline-[a-z0-9]{6}\) failed: "Validation Error:/,
    );
    const after = emulator.inspect();
    expect([after.users, after.candidateUsers, after.liveKeys]).toEqual([
      before.users,
      before.candidateUsers,
      before.liveKeys,
    ]);
  });

  it("gives up on a commit that never finishes, and leaves nothing behind", async () => {
    const quick = createPanosAdapter({ commitPollIntervalMs: 40, commitTimeoutMs: 300 });
    const before = emulator.inspect();
    emulator.firewall.commitBehaviour = { failNext: 0, stuckNext: 1 };
    const err = await failure(quick.mint(conn, request({ scope: ["api-readonly"] })));
    expect(err.failure).toBe("vendor_timeout");
    expect(err.message).toMatch(/did not finish within 300 ms/);
    expect(emulator.inspect().candidateUsers).toEqual(before.candidateUsers);
  });
});

describe("progress of a long mint", () => {
  afterEach(() => {
    emulator.firewall.commitDurationMs = [100, 300];
  });

  it("reports the administrator, the commit job's rising <progress> and the key, in that order", async () => {
    emulator.firewall.commitDurationMs = [800, 800];
    const steps: MintProgress[] = [];
    const minted = await adapter.mint(conn, request({ scope: ["api-readonly"] }), { progress: (s) => steps.push(s) });
    expect(await keyWorks(minted.secret)).toBe(true);
    const kinds = steps.map((s) => s.step).filter((k, i, all) => k !== all[i - 1]);
    expect(kinds).toEqual(["admin_created", "commit", "key_generated"]);
    // A partial commit of only Keyward's own change, sent as the XML API documentation shows it.
    expect(emulator.inspect().commitRequests.at(-1)).toEqual({
      action: "partial",
      partialAdmins: [conn.settings.username],
    });
    expect(steps[0]!.message).toBe(`API administrator ${minted.meta.admin} created; committing it`);
    const percents = steps.filter((s) => s.step === "commit").map((s) => s.percent!);
    // Polled every 40-60 ms for 800 ms: readings in between 0 and 100, never going back.
    expect(percents[0]).toBe(0);
    expect(percents.at(-1)).toBe(100);
    expect(percents.some((p) => p > 0 && p < 100)).toBe(true);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(steps.find((s) => s.percent === 100)!.message).toMatch(/^Commit job \d+ at 100 %$/);
  });

  it("stops waiting when the caller leaves mid-commit, and deletes and commits the administrator away", async () => {
    emulator.firewall.commitDurationMs = [600, 600];
    const before = emulator.inspect();
    const leave = new AbortController();
    const err = await rejection(
      adapter.mint(conn, request({ scope: ["api-readonly"], vendorKeyName: "keyward-left-early" }), {
        signal: leave.signal,
        progress: (s) => {
          if (s.step === "commit" && (s.percent ?? 0) > 0) leave.abort();
        },
      }),
      AppError,
    );
    expect(err.code).toBe("issue_cancelled");
    expect(err.message).toContain("keyward-left-early was deleted again");
    // The add and the delete were both committed: nothing is left, in the candidate or the running config.
    await new Promise((r) => setTimeout(r, 700));
    const after = emulator.inspect();
    expect(after.users.map((u) => u.name)).not.toContain("keyward-left-early");
    expect(after.candidateUsers).toEqual(before.candidateUsers);
    expect(after.pendingChanges).toEqual(before.pendingChanges);
    expect(after.liveKeys).toBe(before.liveKeys);
  });

  it("reports no progress for a key of the connection's own account, which needs no commit", async () => {
    const steps: MintProgress[] = [];
    await adapter.mint(conn, request(), { progress: (s) => steps.push(s) });
    expect(steps).toEqual([]);
  });
});

describe("a firewall without admin role profiles", () => {
  it("offers no roles instead of failing on show's No such node", async () => {
    const saved = new Map(emulator.firewall.running.roles);
    emulator.firewall.running.roles.clear();
    try {
      expect(await adapter.listRoles(conn)).toEqual([]);
    } finally {
      for (const [k, v] of saved) emulator.firewall.running.roles.set(k, v);
    }
  });
});

describe("connection without credentials", () => {
  it("says what to fill in instead of calling the firewall", async () => {
    const err = await failure(adapter.testConnection({ ...conn, secrets: {} }));
    expect([err.failure, err.message]).toEqual([
      "vendor_auth",
      "The connection has no API administrator user name or password. Edit the connection and enter both.",
    ]);
  });
});

describe("the device's API Key Lifetime", () => {
  const HOUR = 3_600_000;
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000);

  it("reads the lifetime, shows it with the connection test, and dates a key by the earlier of the two", async () => {
    emulator.firewall.keyLifetimeMs = 60 * 60_000;
    expect((await adapter.testConnection(conn)).facts).toContainEqual({
      label: "API key lifetime",
      value: "60 minutes from each key's generation",
    });
    const before = Date.now();
    const chosen = inDays(30);
    const minted = await adapter.mint(conn, request({ scope: ["api-readonly"], expiresAt: chosen }));
    expect(minted.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + HOUR - 1000);
    expect(minted.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + HOUR);
    expect(minted.meta).toMatchObject({
      deviceLifetimeMinutes: "60",
      expiryBy: "device",
      keywardExpiresAt: chosen.toISOString(),
    });
    // Keyward's own date wins when it comes first.
    const soon = new Date(Date.now() + 10 * 60_000);
    const early = await adapter.mint(conn, request({ name: "short", scope: ["api-readonly"], expiresAt: soon }));
    expect(early.expiresAt).toEqual(soon);
    expect(early.meta.expiryBy).toBeUndefined();
  });

  it("leaves Keyward's date alone while the lifetime is unset (the PAN-OS default)", async () => {
    const chosen = inDays(30);
    const minted = await adapter.mint(conn, request({ expiresAt: chosen }));
    expect(minted.expiresAt).toEqual(chosen);
    expect(minted.meta.deviceLifetimeMinutes).toBeUndefined();
  });

  it("says the lifetime is unknown when the administrator cannot read the configuration", async () => {
    const reader = connectionTo(emulator, caPem, "api-reader", "Reader-Demo-1");
    expect((await adapter.testConnection(reader)).facts).toContainEqual({
      label: "API key lifetime",
      value: "unknown (this administrator cannot read the configuration)",
    });
  });

  it("refuses every key generated before “Expire all API keys” with 403 Invalid Credential", async () => {
    const minted = await adapter.mint(conn, request({ name: "before expire-all", scope: ["api-readonly"] }));
    expect(await keyWorks(minted.secret)).toBe(true);
    emulator.firewall.expireAllKeys();
    const r = await rawCall(emulator, caPem, {
      form: { type: "op", cmd: SHOW_SYSTEM_INFO_CMD },
      headers: { "x-pan-key": minted.secret },
    });
    expect(r.status).toBe(403);
    expect(r.body).toContain("Invalid Credential");
    expect(await adapter.verifyKey!(conn, { secret: minted.secret, meta: minted.meta })).toBe(false);
  });
});
