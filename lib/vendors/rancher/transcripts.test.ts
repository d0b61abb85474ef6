import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestBed, type RancherTestBed } from "@/emulators/rancher/test-support";
import { loadTranscripts, shapeDifferences, type Transcript } from "@/test/support/transcripts";
import { apiKeySchema, isTransitioning, parseError } from "./wire";

// Recorded Rancher 1.x exchanges (sources in each file of ./transcripts) read by the adapter's
// wire schemas and replayed against the emulator, whose answer must have the recording's shape.

const transcripts = loadTranscripts(path.join(__dirname, "transcripts"));
const t = (name: string): Transcript => transcripts.get(name)!;

let bed: RancherTestBed;
beforeAll(async () => (bed = await startTestBed()));
afterAll(() => bed.emulator.close());

const fill = (value: unknown, project: string): unknown =>
  JSON.parse(JSON.stringify(value).replaceAll("{project}", project));

describe("Rancher transcripts: the adapter reads the vendor's answers", () => {
  it("reads the created key, its secret shown once and its registering state", () => {
    const key = apiKeySchema.parse(t("create-environment-key").response.body);
    expect(key).toMatchObject({ id: "1c6", publicValue: "375AD58E3AAF7191D3C0", state: "registering" });
    expect(key.secretValue).toBe("aS2tSzVn6okWKUKGCFeg1hjp3vzxe2Y367v7uQqS");
    expect(isTransitioning(key)).toBe(true);
  });

  it("reads Cattle's 401 error envelope", () => {
    expect(parseError(JSON.stringify(t("unauthorized").response.body))).toMatchObject({
      status: 401,
      code: "Unauthorized",
    });
  });
});

describe("Rancher transcripts: the emulator answers as the vendor did", () => {
  it("creates an environment key with the recorded fields, of the recorded types", async () => {
    const rec = t("create-environment-key");
    const res = await bed.raw(
      rec.request.method,
      rec.request.path.replace("{project}", "1a5"),
      undefined,
      fill(rec.request.body, "1a5"),
    );
    expect(res.status).toBe(rec.response.status);
    expect(shapeDifferences(rec.response.body, res.json)).toEqual([]);
    expect(apiKeySchema.parse(res.json).secretValue).toMatch(/^[A-Za-z0-9]{40}$/);
  });

  it("answers a request without keys with the recorded error envelope", async () => {
    const rec = t("unauthorized");
    const res = await bed.raw(rec.request.method, rec.request.path, null);
    expect(res.status).toBe(401);
    expect(shapeDifferences(rec.response.body, res.json)).toEqual([]);
    expect(parseError(res.body)).toMatchObject({ status: 401, code: "Unauthorized" });
  });
});
