import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTrendFixture, type TrendFixture } from "@/emulators/trend/test-support";
import { loadTranscripts, shapeDifferences, type Transcript } from "@/test/support/transcripts";
import { issuedApiKeySchema, parseJson, roleListSchema } from "./wire";

// Recorded Trend Micro exchanges (sources in each file of ./transcripts) read by the adapter's
// wire schemas and replayed against the emulator, whose answer must have the recording's shape.

const transcripts = loadTranscripts(path.join(__dirname, "transcripts"));
const t = (name: string): Transcript => transcripts.get(name)!;

let trend: TrendFixture;
beforeAll(async () => (trend = await startTrendFixture()));
afterAll(() => trend.emulator.close());

const DAY_MS = 86_400_000;

describe("Trend transcripts: the adapter reads the vendor's answers", () => {
  it("reads the created key with its secret, and the searched roles", () => {
    const key = parseJson(issuedApiKeySchema, JSON.stringify(t("create-audit-key").response.body));
    expect(key).toMatchObject({ ok: true, value: { ID: 17, roleID: 2, secretKey: "3:AbCd...=" } });
    const roles = parseJson(roleListSchema, JSON.stringify(t("search-roles").response.body));
    expect(roles).toMatchObject({ ok: true, value: { roles: [{ ID: 2, name: "Auditor" }] } });
  });

  it("reads ids sent as digit strings and optional fields sent as null, as a manager's JSON binding may", () => {
    const body = { ...(t("create-audit-key").response.body as object), ID: "17", description: null, lastSignIn: null };
    expect(parseJson(issuedApiKeySchema, JSON.stringify(body))).toMatchObject({
      ok: true,
      value: { ID: 17, keyName: "audit-key" },
    });
  });
});

describe("Trend transcripts: the emulator answers as the vendor did", () => {
  it('creates a key from the SDK sample\'s body (roleID "2") in the recorded shape', async () => {
    const rec = t("create-audit-key");
    const body = JSON.parse(JSON.stringify(rec.request.body).replace('"{expiry}"', String(Date.now() + 14 * DAY_MS)));
    const res = await trend.raw(rec.request.method as "POST", rec.request.path, undefined, body);
    expect(res.status).toBe(rec.response.status);
    const json = JSON.parse(res.body) as unknown;
    expect(shapeDifferences(rec.response.body, json)).toEqual([]);
    expect(parseJson(issuedApiKeySchema, res.body)).toMatchObject({ ok: true, value: { roleID: 2 } });
  });

  it("answers the documented role search in the recorded shape", async () => {
    const rec = t("search-roles");
    const res = await trend.raw("POST", rec.request.path, undefined, rec.request.body);
    expect(res.status).toBe(rec.response.status);
    expect(shapeDifferences(rec.response.body, JSON.parse(res.body), rec.optionalPaths)).toEqual([]);
    expect(parseJson(roleListSchema, res.body)).toMatchObject({ ok: true, value: { roles: [{ ID: 2 }] } });
  });
});
