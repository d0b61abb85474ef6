import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOW_SYSTEM_INFO_CMD } from "@/lib/vendors/panos/commands";
import { PANOS_DEMO_PASSWORD, type PanosEmulator } from "./emulator";
import { hashPassword } from "./device";
import { rawCall, startTestFirewall, type RawReply } from "./test-support";

// The emulator speaks the documented protocol as pan-python and curl see it (section 1 of the vendor doc).

let emulator: PanosEmulator;
let caPem: string;
const call = (opts: Parameters<typeof rawCall>[2]): Promise<RawReply> => rawCall(emulator, caPem, opts);
const keyOf = (r: RawReply) => /<key>([^<]+)<\/key>/.exec(r.body)?.[1] ?? "";
const basic = (user: string, pw: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${pw}`).toString("base64")}`,
});
const INVALID = "<response status = 'error' code = '403'><result><msg>Invalid Credential</msg></result></response>";

async function waitForJob(auth: Record<string, string>, id: string): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const r = await call({ form: { type: "op", cmd: `<show><jobs><id>${id}</id></jobs></show>` }, headers: auth });
    if (r.body.includes("<status>FIN</status>")) return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error("job never finished");
}

beforeAll(async () => ({ emulator, caPem } = await startTestFirewall()));
afterAll(() => emulator.close());

describe("PAN-OS emulator", () => {
  it("answers keygen by GET and POST, on /api/ and /api, with a LUFRPT key from [A-Za-z0-9=]", async () => {
    const get = await call({
      method: "GET",
      path: "/api",
      query: { type: "keygen", user: "admin", password: PANOS_DEMO_PASSWORD },
    });
    const post = await call({
      path: "/api/",
      query: { type: "keygen" },
      form: { user: "admin", password: PANOS_DEMO_PASSWORD },
    });
    expect(get.status).toBe(200);
    expect(get.contentType).toBe("application/xml; charset=UTF-8");
    expect(get.body).toMatch(
      /^<response status = 'success'><result><key>LUFRPT[A-Za-z0-9=]{80,}<\/key><\/result><\/response>$/,
    );
    // No API Key Lifetime set: the same credentials give the same key (DOC-KEY-8.1).
    expect(keyOf(post)).toBe(keyOf(get));
  });

  it("takes a partial commit with action=partial (the documentation) or without (pan-os-python), not the action alone", async () => {
    const auth = basic("admin", PANOS_DEMO_PASSWORD);
    await call({
      form: {
        type: "config",
        action: "set",
        xpath: "/config/mgt-config/users/entry[@name='partial-check']",
        element: `<phash>${hashPassword("Partial-1")}</phash><permissions><role-based><superuser>yes</superuser></role-based></permissions>`,
      },
      headers: auth,
    });
    const cmd = "<commit><partial><admin><member>admin</member></admin></partial></commit>";
    const actionAlone = await call({ form: { type: "commit", action: "partial", cmd: "<commit/>" }, headers: auth });
    expect(actionAlone.body).toMatch(/status="error" code="18".*needs a <partial> element/);
    const withAction = await call({ form: { type: "commit", action: "partial", cmd }, headers: auth });
    expect(await waitForJob(auth, /<job>(\d+)<\/job>/.exec(withAction.body)![1]!)).toContain("<result>OK</result>");
    await call({
      form: {
        type: "config",
        action: "set",
        xpath: "/config/mgt-config/users/entry[@name='partial-check']",
        element: `<phash>${hashPassword("Partial-2")}</phash>`,
      },
      headers: auth,
    });
    const without = await call({ form: { type: "commit", cmd }, headers: auth });
    expect(await waitForJob(auth, /<job>(\d+)<\/job>/.exec(without.body)![1]!)).toContain("<result>OK</result>");
  });

  it("rejects a bad password with the exact 97-byte 403 and reason phrase Invalid Credential", async () => {
    const r = await call({ form: { type: "keygen", user: "admin", password: "wrong" } });
    expect([r.status, r.reason, r.body, Buffer.byteLength(r.body)]).toEqual([403, "Invalid Credential", INVALID, 97]);
  });

  it("answers 400 with an error body for a missing password or an unknown type", async () => {
    const missing = await call({ form: { type: "keygen", user: "admin" } });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain("code = '400'");
    const unknown = await call({ form: { type: "frobnicate" } });
    expect([unknown.status, unknown.reason]).toEqual([400, "Illegal parameter [type]"]);
  });

  it("accepts a key as key=, X-PAN-KEY or Basic credentials, and nothing else", async () => {
    const key = keyOf(await call({ form: { type: "keygen", user: "admin", password: PANOS_DEMO_PASSWORD } }));
    const form = { type: "op", cmd: SHOW_SYSTEM_INFO_CMD };
    for (const r of [
      await call({ form: { ...form, key } }),
      await call({ query: { ...form, key } }),
      await call({ form, headers: { "x-pan-key": key } }),
      await call({ form, headers: basic("admin", PANOS_DEMO_PASSWORD) }),
    ]) {
      expect(r.status).toBe(200);
      expect(r.body).toMatch(
        /^<response status="success"><result><system><hostname>PA-VM-KEYWARD<\/hostname><ip-address>192\.0\.2\.10<\/ip-address>.*<model>PA-VM<\/model>/,
      );
    }
    expect((await call({ form })).body).toBe(INVALID);
    expect((await call({ form, headers: { "x-pan-key": "LUFRPTnope==" } })).status).toBe(403);
  });

  it("answers type=version with the software version, model and serial", async () => {
    const r = await call({ form: { type: "version" }, headers: basic("no-api", "NoApi-Demo-1") });
    expect(r.body).toContain("<sw-version>11.1.2</sw-version><multi-vsys>off</multi-vsys><model>PA-VM</model>");
  });

  it("refuses request types the role lacks with 403 Type [x] not authorized for user role.", async () => {
    const r = await call({ form: { type: "op", cmd: SHOW_SYSTEM_INFO_CMD }, headers: basic("no-api", "NoApi-Demo-1") });
    expect([r.status, r.reason]).toEqual([403, "Type [op] not authorized for user role."]);
    const config = await call({
      form: { type: "config", action: "get", xpath: "/config/shared/admin-role" },
      headers: basic("api-reader", "Reader-Demo-1"),
    });
    expect(config.body).toContain("Type [config] not authorized for user role.");
  });

  it("keeps a new administrator in the candidate config until a commit job finishes", async () => {
    const auth = basic("admin", PANOS_DEMO_PASSWORD);
    const phash = hashPassword("Temp-Pass-1");
    const set = await call({
      form: {
        type: "config",
        action: "set",
        xpath: "/config/mgt-config/users/entry[@name='temp-api']",
        element: `<phash>${phash}</phash><permissions><role-based><custom><profile>api-readonly</profile></custom></role-based></permissions>`,
      },
      headers: auth,
    });
    expect(set.body).toBe(`<response status="success" code="20"><msg>command succeeded</msg></response>`);
    expect((await call({ form: { type: "keygen", user: "temp-api", password: "Temp-Pass-1" } })).status).toBe(403);

    const commit = await call({ form: { type: "commit", cmd: "<commit></commit>" }, headers: auth });
    const id = /jobid (\d+)/.exec(commit.body)?.[1] ?? "";
    expect(commit.body).toContain(`<job>${id}</job>`);
    const running = await call({
      form: { type: "op", cmd: `<show><jobs><id>${id}</id></jobs></show>` },
      headers: auth,
    });
    expect(running.body).toContain("<status>ACT</status>");
    expect(await waitForJob(auth, id)).toContain("<result>OK</result>");
    expect(emulator.inspect().users.map((u) => u.name)).toContain("temp-api");
    const key = keyOf(await call({ form: { type: "keygen", user: "temp-api", password: "Temp-Pass-1" } }));
    expect(key).toMatch(/^LUFRPT/);
    expect((await call({ form: { type: "commit", cmd: "<commit></commit>" }, headers: auth })).body).toContain(
      "There are no changes to commit.",
    );

    // A password change (committed) ends the old key.
    await call({
      form: {
        type: "config",
        action: "set",
        xpath: "/config/mgt-config/users/entry[@name='temp-api']",
        element: `<phash>${hashPassword("Other-Pass-2")}</phash>`,
      },
      headers: auth,
    });
    const second =
      /jobid (\d+)/.exec(
        (await call({ form: { type: "commit", cmd: "<commit></commit>" }, headers: auth })).body,
      )?.[1] ?? "";
    await waitForJob(auth, second);
    expect((await call({ form: { type: "op", cmd: SHOW_SYSTEM_INFO_CMD }, headers: { "x-pan-key": key } })).body).toBe(
      INVALID,
    );
  });

  it("rejects an administrator bound to a role profile that does not exist, and names longer than 31", async () => {
    const auth = basic("admin", PANOS_DEMO_PASSWORD);
    const element = `<phash>x</phash><permissions><role-based><custom><profile>nope</profile></custom></role-based></permissions>`;
    const bad = await call({
      form: { type: "config", action: "set", xpath: "/config/mgt-config/users/entry[@name='x1']", element },
      headers: auth,
    });
    expect(bad.body).toMatch(/status="error" code="12".*profile 'nope' is not a valid reference/);
    const long = await call({
      form: {
        type: "config",
        action: "set",
        xpath: `/config/mgt-config/users/entry[@name='${"a".repeat(32)}']`,
        element: "<phash>x</phash>",
      },
      headers: auth,
    });
    expect(long.body).toContain("is too long");
  });

  it("expires keys with the Expire all API keys switch", async () => {
    const key = keyOf(await call({ form: { type: "keygen", user: "api-reader", password: "Reader-Demo-1" } }));
    const check = () => call({ form: { type: "op", cmd: SHOW_SYSTEM_INFO_CMD, key } });
    expect((await check()).status).toBe(200);
    emulator.firewall.expireAllKeys();
    expect((await check()).status).toBe(403);
  });

  it("runs a commit job for the configured time, <progress> rising while ACT, with PAN-OS's job fields", async () => {
    const auth = basic("admin", PANOS_DEMO_PASSWORD);
    const set = await call({ path: "/__emulator/commit", json: { minMs: 600, maxMs: 600 } });
    expect(set.status).toBe(200);
    try {
      await call({
        form: {
          type: "config",
          action: "set",
          xpath: "/config/mgt-config/users/entry[@name='job-model']",
          element: `<phash>${hashPassword("Job-Model-1")}</phash><permissions><role-based><superuser>yes</superuser></role-based></permissions>`,
        },
        headers: auth,
      });
      const commit = await call({ form: { type: "commit", cmd: "<commit></commit>" }, headers: auth });
      const id = /<job>(\d+)<\/job>/.exec(commit.body)![1]!;
      const show = () => call({ form: { type: "op", cmd: `<show><jobs><id>${id}</id></jobs></show>` }, headers: auth });
      const field = (body: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
      await new Promise((r) => setTimeout(r, 250));
      const running = (await show()).body;
      expect([field(running, "type"), field(running, "status"), field(running, "result")]).toEqual([
        "Commit",
        "ACT",
        "PEND",
      ]);
      expect(Number(field(running, "progress"))).toBeGreaterThan(20);
      expect(Number(field(running, "progress"))).toBeLessThan(80);
      expect(field(running, "tenq")).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(field(running, "tdeq")).toMatch(/^\d{2}:\d{2}:\d{2}$/);
      expect(field(running, "tfin")).toBe("Still Active");
      const done = await waitForJob(auth, id);
      expect([field(done, "status"), field(done, "result"), field(done, "progress")]).toEqual(["FIN", "OK", "100"]);
      expect(field(done, "tfin")).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);
    } finally {
      await call({ path: "/__emulator/commit", json: { minMs: 100, maxMs: 300 } });
    }
    const read = await call({ method: "GET", path: "/__emulator/commit" });
    expect(JSON.parse(read.body)).toEqual({ minMs: 100, maxMs: 300 });
  });
});
