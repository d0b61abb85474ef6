import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEEDED_KEYS } from "@/emulators/xsiam/seed";
import { DAY_MS, startTestBed, type XsiamTestBed } from "@/emulators/xsiam/test-support";
import { loadTranscripts, shapeDifferences, type Transcript } from "@/test/support/transcripts";
import { vendorRequest } from "../http";
import { authHeaders } from "./auth";
import { parseDeleteReply, parseGenerateReply, parseJson, parseListReply, parseRolesReply } from "./wire";

// Recorded Cortex XSIAM exchanges (sources in each file of ./transcripts) read by the adapter's
// parsers and replayed against the emulator, whose answer must have the recording's shape.
// `"{name}"` placeholders in a recorded request are filled with values the emulator knows.

const transcripts = loadTranscripts(path.join(__dirname, "transcripts"));
const t = (name: string): Transcript => transcripts.get(name)!;

let bed: XsiamTestBed;
beforeAll(async () => (bed = await startTestBed()));
afterAll(() => bed.emulator.close());

async function replay(name: string, fill: Record<string, number>) {
  let body = JSON.stringify(t(name).request.body);
  for (const [k, v] of Object.entries(fill)) body = body.replaceAll(`"{${k}}"`, String(v));
  const admin = SEEDED_KEYS.advancedAdmin;
  const res = await vendorRequest(bed.connection(), {
    method: t(name).request.method,
    path: t(name).request.path,
    headers: {
      "content-type": "application/json",
      ...authHeaders({ keyId: String(admin.id), apiKey: admin.key, level: "advanced" }),
    },
    body,
  });
  expect(res.status).toBe(t(name).response.status);
  return parseJson(res.body);
}

describe("XSIAM transcripts: the adapter reads the vendor's answers", () => {
  it("reads generate, list (upper-case keys), delete and the roles' array of arrays", () => {
    expect(parseGenerateReply(t("generate").response.body)).toEqual({ id: 933, key: "<128-char secret>" });
    expect(parseListReply(t("list").response.body)).toMatchObject({
      keys: [{ id: 933, roles: ["Investigator"], expiration: 1789902721000 }],
      filterCount: 1,
      totalCount: 70,
    });
    expect(parseDeleteReply(t("delete").response.body)).toEqual({ updateCount: 1 });
    expect(parseRolesReply(t("get-roles").response.body)).toEqual([expect.objectContaining({ pretty_name: "Role1" })]);
  });
});

describe("XSIAM transcripts: the emulator answers as the vendor did", () => {
  it("generates, lists and deletes a key in the recorded shapes", async () => {
    const generated = await replay("generate", { expiration: Date.now() + 7 * DAY_MS });
    expect(shapeDifferences(t("generate").response.body, generated)).toEqual([]);
    const id = parseGenerateReply(generated)!.id;

    const listed = await replay("list", { id });
    expect(shapeDifferences(t("list").response.body, listed)).toEqual([]);
    expect(parseListReply(listed)!.keys.map((k) => k.id)).toEqual([id]);

    const deleted = await replay("delete", { id });
    expect(shapeDifferences(t("delete").response.body, deleted)).toEqual([]);
    expect(parseDeleteReply(deleted)).toEqual({ updateCount: 1 });
  });

  it("answers get_roles as the documented array of one-element arrays", async () => {
    const roles = await replay("get-roles", {});
    expect(shapeDifferences(t("get-roles").response.body, roles)).toEqual([]);
    expect(parseRolesReply(roles)!.map((r) => r.pretty_name)).toEqual(["Investigator"]);
  });
});
