import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PANOS_DEMO_PASSWORD, type PanosEmulator } from "./emulator";
import { hashPassword } from "./device";
import { rawCall, startTestFirewall, type RawReply } from "./test-support";

// What pan-os-python does beyond key management, on the paths Keyward touches: its bootstrap
// (refresh_system_info, clock, show_system_resources), create()/apply() of administrators, commit
// and revert. scripts/vendor-clients/panos_python_check.py runs the client itself against the emulator.

let emulator: PanosEmulator;
let caPem: string;
const auth = { authorization: `Basic ${Buffer.from(`admin:${PANOS_DEMO_PASSWORD}`).toString("base64")}` };
const call = (form: Record<string, string>): Promise<RawReply> => rawCall(emulator, caPem, { form, headers: auth });
const op = (cmd: string) => call({ type: "op", cmd });
const field = (body: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
const USERS = "/config/mgt-config/users";
const ROLES = "/config/shared/admin-role";
const userEntry = (name: string, profile: string, password?: string) =>
  `<entry name="${name}">${password ? `<phash>${hashPassword(password)}</phash>` : ""}<permissions><role-based><custom><profile>${profile}</profile></custom></role-based></permissions></entry>`;

async function commit(cmd = "<commit></commit>", action?: string): Promise<string> {
  const r = await call({ type: "commit", cmd, ...(action ? { action } : {}) });
  const id = field(r.body, "job");
  if (!id) return r.body;
  for (let i = 0; i < 60; i++) {
    const job = await op(`<show><jobs><id>${id}</id></jobs></show>`);
    if (field(job.body, "status") === "FIN") return job.body;
    await new Promise((res) => setTimeout(res, 40));
  }
  throw new Error("job never finished");
}

beforeAll(async () => ({ emulator, caPem } = await startTestFirewall()));
afterAll(() => emulator.close());

describe("PAN-OS emulator: what pan-os-python reads", () => {
  it("answers show system info with every field Firewall.refresh_system_info() indexes, and the content versions", async () => {
    const r = await op("<show><system><info></info></system></show>");
    for (const [name, value] of [
      ["sw-version", "11.1.2"],
      ["model", "PA-VM"],
      ["serial", "007054000123456"],
      ["multi-vsys", "off"],
    ]) {
      expect(field(r.body, name!)).toBe(value);
    }
    for (const name of ["app-version", "threat-version", "av-version", "wildfire-version", "url-filtering-version"])
      expect(field(r.body, name)).toMatch(/^\d[\d.-]*$/);
    expect(field(r.body, "uptime")).toMatch(/^\d+ days, \d+:\d{2}:\d{2}$/);
    expect(field(r.body, "mac-address")).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(field(r.body, "vm-uuid")).toMatch(/^[0-9A-F-]{36}$/);
  });

  it("answers show clock in the date(1) form that Firewall.clock() parses (%a %b %d %H:%M:%S %Z %Y)", async () => {
    const r = await op("<show><clock/></show>");
    expect(r.body).toMatch(
      /^<response status="success"><result>(Sun|Mon|Tue|Wed|Thu|Fri|Sat) [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} UTC \d{4}\n<\/result><\/response>$/,
    );
  });

  it("answers show system resources with top output matching show_system_resources()'s PAN-OS 9+ pattern", async () => {
    const r = await op("<show><system><resources></resources></system></show>");
    const pattern =
      /load average: ([\d.]+).*? ([\d.]+) id,.*KiB Mem :\s+(\d+) total,.*? (\d+) free.*? (\d+) used,.*? (\d+) buff\/cache/s;
    const m = pattern.exec(r.body);
    expect(m?.slice(1).map(Number)).toEqual([0.41, 95.3, 6836200, 412604, 4185072, 2238524]);
  });
});

describe("PAN-OS emulator: candidate configuration", () => {
  it("validates the resulting candidate: a password-less admin set and deleted again does not fail later commits", async () => {
    await call({ type: "config", action: "set", xpath: `${USERS}/entry[@name='ghost']`, element: "<permissions/>" });
    await call({ type: "config", action: "delete", xpath: `${USERS}/entry[@name='ghost']` });
    const first = await commit();
    expect(field(first, "result")).toBe("OK");
    await call({
      type: "config",
      action: "set",
      xpath: USERS,
      element: userEntry("after-ghost", "api-readonly", "Pw-1"),
    });
    expect(field(await commit(), "result")).toBe("OK");
    expect(emulator.inspect().users.map((u) => u.name)).toContain("after-ghost");
  });

  it("still refuses a commit whose result has a password-less admin, and a partial commit checks only that admin's changes", async () => {
    await call({ type: "config", action: "set", xpath: USERS, element: userEntry("no-pass", "api-readonly") });
    const failed = await commit();
    expect([field(failed, "result"), failed]).toEqual(["FAIL", expect.stringContaining("no-pass has no password")]);
    await call({ type: "op", cmd: "<revert><config/></revert>" });
    expect(emulator.inspect().pendingChanges).toEqual([]);
  });

  it("merges several <entry> children on a set at the container, as create() sends them", async () => {
    const element = userEntry("bulk-a", "api-readonly", "Pw-a") + userEntry("bulk-b", "api-ops", "Pw-b");
    const set = await call({ type: "config", action: "set", xpath: USERS, element });
    expect(set.body).toContain('code="20"');
    // A set of only the role keeps bulk-a's password: set merges.
    await call({
      type: "config",
      action: "set",
      xpath: USERS,
      element: `<entry name="bulk-a"><permissions><role-based><custom><profile>api-ops</profile></custom></role-based></permissions></entry>`,
    });
    expect(field(await commit(), "result")).toBe("OK");
    const users = emulator.inspect().users;
    expect(users.filter((u) => u.name.startsWith("bulk-"))).toEqual([
      { name: "bulk-a", role: "api-ops" },
      { name: "bulk-b", role: "api-ops" },
    ]);
    expect((await call({ type: "keygen", user: "bulk-a", password: "Pw-a" })).status).toBe(200);
  });

  it("replaces on edit: an entry loses what the element leaves out, a container loses the entries it leaves out", async () => {
    await call({
      type: "config",
      action: "set",
      xpath: ROLES,
      element:
        `<entry name="edit-r1"><role><device><xmlapi><op>enable</op><config>enable</config></xmlapi></device></role></entry>` +
        `<entry name="edit-r2"><role><device><xmlapi><op>enable</op></xmlapi></device></role></entry>`,
    });
    const entryEdit = await call({
      type: "config",
      action: "edit",
      xpath: `${ROLES}/entry[@name='edit-r1']`,
      element: `<entry name="edit-r1"><role><device><xmlapi><commit>enable</commit></xmlapi></device></role></entry>`,
    });
    expect(entryEdit.body).toContain('code="20"');
    const got = await call({ type: "config", action: "get", xpath: `${ROLES}/entry[@name='edit-r1']` });
    expect([field(got.body, "op"), field(got.body, "config"), field(got.body, "commit")]).toEqual([
      "disable",
      "disable",
      "enable",
    ]);
    const wrongName = await call({
      type: "config",
      action: "edit",
      xpath: `${ROLES}/entry[@name='edit-r1']`,
      element: `<entry name="other"><role><device/></role></entry>`,
    });
    expect(wrongName.body).toMatch(/status="error" code="12"/);

    const current = await call({ type: "config", action: "get", xpath: USERS });
    const keep = [...current.body.matchAll(/<entry name="([^"]+)">.*?<\/entry>/g)].map((m) => m[0]);
    const kept = keep.filter((e) => !e.includes('name="bulk-b"')).join("");
    const edit = await call({ type: "config", action: "edit", xpath: USERS, element: `<users>${kept}</users>` });
    expect(edit.body).toContain('code="20"');
    expect(emulator.inspect().candidateUsers).not.toContain("bulk-b");
    expect(emulator.inspect().candidateUsers).toContain("admin");
    const refused = await call({ type: "config", action: "edit", xpath: USERS, element: kept });
    expect(refused.body).toMatch(/status="error" code="12".*single <users> element/);
    expect(field(await commit(), "result")).toBe("OK");
    expect(emulator.inspect().users.map((u) => u.name)).not.toContain("bulk-b");
  });

  it("reverts the candidate, whole or by administrator, and lists every job in show jobs all", async () => {
    await call({ type: "config", action: "set", xpath: USERS, element: userEntry("rev-a", "api-readonly", "Pw-r") });
    const other = { authorization: `Basic ${Buffer.from("ops-admin:Ops-Demo-1").toString("base64")}` };
    await rawCall(emulator, caPem, {
      form: { type: "config", action: "set", xpath: USERS, element: userEntry("rev-b", "api-readonly", "Pw-r") },
      headers: other,
    });
    const partial = await op(
      "<revert><config><partial><admin><member>admin</member></admin></partial></config></revert>",
    );
    expect(partial.body).toContain('status="success"');
    expect(emulator.inspect().pendingChanges.map((c) => [c.by, c.name])).toEqual([["ops-admin", "rev-b"]]);
    await op("<revert><config></config></revert>");
    expect(emulator.inspect().pendingChanges).toEqual([]);
    expect((await op("<revert><config/></revert>")).body).toContain("no changes to revert");

    const all = await op("<show><jobs><all></all></jobs></show>");
    const ids = [...all.body.matchAll(/<id>(\d+)<\/id>/g)].map((m) => Number(m[1]));
    expect(ids.length).toBeGreaterThanOrEqual(4);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(all.body).toMatch(
      /<tfin>\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}<\/tfin><description><\/description><positionInQ>0<\/positionInQ>/,
    );
  });
});
