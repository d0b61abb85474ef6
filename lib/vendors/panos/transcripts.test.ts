import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PANOS_DEMO_PASSWORD, type PanosEmulator } from "@/emulators/panos/emulator";
import { rawCall, startTestFirewall, type RawReply } from "@/emulators/panos/test-support";
import { loadTranscripts, shapeDifferences, type Transcript } from "@/test/support/transcripts";
import { VendorError } from "../errors";
import { expectSuccess, panosXmlParser, parseEnvelope } from "./wire";
import { readCommitJob, readJob, readKey, readSystemFacts } from "./wire-results";

// Recorded PAN-OS exchanges (sources in each file of ./transcripts) read by the adapter's
// parsers and replayed against the emulator, whose answer must have the recording's shape and
// read the same way. The recordings are the vendor's; neither side may drift from them.

const transcripts = loadTranscripts(path.join(__dirname, "transcripts"));
const t = (name: string): Transcript => transcripts.get(name)!;
const HOST = "fw.example";
const ctx = { host: HOST, action: "read", auth: "key" as const, secrets: [] };
const envelope = (status: number, body: string) =>
  parseEnvelope({ status, headers: { "content-type": "application/xml; charset=UTF-8" }, body }, HOST);
const recorded = (name: string) => envelope(t(name).response.status, t(name).response.body as string);

let emulator: PanosEmulator;
let caPem: string;
const basic = { authorization: `Basic ${Buffer.from(`admin:${PANOS_DEMO_PASSWORD}`).toString("base64")}` };

beforeAll(async () => ({ emulator, caPem } = await startTestFirewall()));
afterAll(() => emulator.close());

/** Sends the recorded request (placeholders filled in) as the admin, unless it is a keygen. */
function replay(name: string, fill: Record<string, string> = {}): Promise<RawReply> {
  const params = Object.fromEntries(
    Object.entries(t(name).request.params ?? {}).map(([k, v]) => [
      k,
      v.replace("<password>", PANOS_DEMO_PASSWORD).replace(/\{(\w+)\}/g, (_, key: string) => fill[key] ?? ""),
    ]),
  );
  const headers = params.type === "keygen" ? {} : basic;
  return rawCall(emulator, caPem, { path: t(name).request.path, form: params, headers });
}

function expectSameShape(name: string, reply: RawReply): void {
  expect(reply.status).toBe(t(name).response.status);
  const vendor = panosXmlParser.parse(t(name).response.body as string) as unknown;
  const ours = panosXmlParser.parse(reply.body) as unknown;
  expect(shapeDifferences(vendor, ours, t(name).optionalPaths)).toEqual([]);
}

async function commitJob(): Promise<string> {
  await replay("config-set");
  const reply = await replay("commit-enqueued");
  expectSameShape("commit-enqueued", reply);
  return String(readCommitJob(envelope(reply.status, reply.body).result, [], HOST));
}

describe("PAN-OS transcripts: the adapter reads the vendor's answers", () => {
  it("reads the key from the documented keygen answer", () => {
    expect(readKey(expectSuccess(recorded("keygen"), ctx).result, HOST)).toBe(
      "LUFRPT14MW5xOEo1R09KVlBZNnpnemh0VHRBOWl6TGM9bXcwM3JHUGVhRlNiY0dCR0srNERUQT09",
    );
  });

  it("turns the 403 Invalid Credential envelope into a credentials error", () => {
    const err = (() => {
      try {
        expectSuccess(recorded("keygen-invalid-credential"), { ...ctx, auth: "password" });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(VendorError);
    expect((err as VendorError).code).toBe("vendor_auth");
  });

  it("reads identity facts from show system info, ignoring fields it does not show", () => {
    expect(readSystemFacts(recorded("show-system-info").result, HOST)).toEqual([
      { label: "Hostname", value: "PA-3050-A" },
      { label: "Model", value: "PA-3050" },
      { label: "Serial", value: "001701000529" },
      { label: "Software version", value: "9.0.0-b36" },
    ]);
  });

  it("accepts code 20 for a config set, reads job 912 from a commit, and both job states", () => {
    expect(expectSuccess(recorded("config-set"), ctx).code).toBe(20);
    const commit = recorded("commit-enqueued");
    expect(readCommitJob(commit.result, commit.messages, HOST)).toBe(912);
    expect(readJob(recorded("show-job-active").result, HOST)).toEqual({
      finished: false,
      ok: false,
      progress: 99,
      details: [],
    });
    expect(readJob(recorded("show-job-finished").result, HOST)).toEqual({
      finished: true,
      ok: true,
      progress: 100,
      details: [],
    });
  });
});

describe("PAN-OS transcripts: the emulator answers as the vendor did", () => {
  it("answers keygen and a wrong password in the recorded shapes", async () => {
    const key = await replay("keygen");
    expectSameShape("keygen", key);
    expect(readKey(expectSuccess(envelope(key.status, key.body), ctx).result, HOST)).toMatch(/^LUFRPT/);
    const wrong = await replay("keygen-invalid-credential");
    expect([wrong.status, wrong.body]).toEqual([403, t("keygen-invalid-credential").response.body]);
  });

  it("answers show system info with at least every field of the recorded one", async () => {
    const reply = await replay("show-system-info");
    expectSameShape("show-system-info", reply);
    expect(readSystemFacts(envelope(reply.status, reply.body).result, HOST).map((f) => f.label)).toEqual([
      "Hostname",
      "Model",
      "Serial",
      "Software version",
    ]);
  });

  it("answers config set, commit and show jobs (running, then finished) as the recordings do", async () => {
    expectSameShape("config-set", await replay("config-set"));
    emulator.firewall.commitDurationMs = [1500, 1500];
    const running = await commitJob();
    const active = await replay("show-job-active", { job: running });
    expectSameShape("show-job-active", active);
    expect(readJob(envelope(active.status, active.body).result, HOST)).toMatchObject({ finished: false, ok: false });

    emulator.firewall.commitDurationMs = [50, 80];
    const quick = await commitJob();
    let finished: RawReply | undefined;
    for (let i = 0; i < 80 && !finished; i++) {
      const reply = await replay("show-job-finished", { job: quick });
      if (reply.body.includes("<status>FIN</status>")) finished = reply;
      else await new Promise((r) => setTimeout(r, 50));
    }
    expectSameShape("show-job-finished", finished!);
    expect(readJob(envelope(finished!.status, finished!.body).result, HOST)).toMatchObject({
      finished: true,
      ok: true,
      progress: 100,
    });
  });
});
