import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testTls } from "@/test/support/tls";
import { xsiamAdapter } from "./adapter";
import { DAY_MS, startTestBed, type XsiamTestBed } from "@/emulators/xsiam/test-support";

/** The copy-once snippets, run as a user would run them, against the emulator. */

const has = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
const tools = has("curl") && has("sha256sum") && has("python3");
const run = async (cmd: string, args: string[], env: Record<string, string>) =>
  (await promisify(execFile)(cmd, args, { env: { ...process.env, ...env } })).stdout;

let bed: XsiamTestBed;
let dir: string;
let caFile: string;
beforeAll(async () => {
  bed = await startTestBed();
  dir = mkdtempSync(path.join(tmpdir(), "xsiam-usage-"));
  caFile = path.join(dir, "ca.pem");
  writeFileSync(caFile, (await testTls()).caPem);
});
afterAll(() => bed.emulator.close());

describe.runIf(tools)("usage snippets", () => {
  for (const level of ["standard", "advanced"] as const) {
    it(`work as shown for a ${level} key`, async () => {
      const minted = await xsiamAdapter.mint(bed.connection(), {
        name: "snippet",
        scope: ["Viewer"],
        securityLevel: level,
        expiresAt: new Date(Date.now() + 3 * DAY_MS),
        fields: {},
      });
      for (const [i, snippet] of minted.usage.entries()) {
        const file = path.join(dir, snippet.filename ?? `snippet-${level}-${i}.sh`);
        const trustDemoCa = file.endsWith(".py")
          ? `import ssl\nssl._create_default_https_context = lambda: ssl.create_default_context(cafile=${JSON.stringify(caFile)})\n`
          : "";
        writeFileSync(file, trustDemoCa + snippet.content);
        const out = await run(file.endsWith(".py") ? "python3" : "bash", [file], { CURL_CA_BUNDLE: caFile });
        expect(JSON.parse(out)).toEqual({ reply: [[expect.objectContaining({ pretty_name: "Viewer" })]] });
      }
    });
  }
});
