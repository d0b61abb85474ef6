import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestBed, type ExpeditionTestBed } from "@/emulators/expedition/test-support";
import { loadTranscripts, shapeDifferences } from "@/test/support/transcripts";
import { interpretGenerateKey } from "./wire";

// The documented Expedition key exchange (source in ./transcripts/generate-api-key.json) read by
// the adapter's parser and replayed against the emulator, whose answer must have its shape.

const recorded = loadTranscripts(path.join(__dirname, "transcripts")).get("generate-api-key")!;

let bed: ExpeditionTestBed;
beforeAll(async () => (bed = await startTestBed()));
afterAll(() => bed.emulator.close());

describe("Expedition transcripts", () => {
  it("the adapter reads the key, the user id and the csrf token from the documented envelope", () => {
    expect(interpretGenerateKey(JSON.stringify(recorded.response.body))).toEqual({
      kind: "issued",
      key: { apiKey: expect.stringMatching(/^[A-Za-z0-9]{128}$/), userId: "1", hasCsrfToken: true },
    });
  });

  it("the emulator answers the documented request with the documented envelope", async () => {
    const res = await bed.call(recorded.request.method, recorded.request.path, {
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(recorded.request.body),
    });
    expect(res.status).toBe(recorded.response.status);
    expect(shapeDifferences(recorded.response.body, res.json)).toEqual([]);
    expect(interpretGenerateKey(JSON.stringify(res.json))).toMatchObject({ kind: "issued", key: { userId: "1" } });
  });
});
