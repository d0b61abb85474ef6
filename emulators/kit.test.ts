import https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testTls } from "@/test/support/tls";
import { startAllEmulators, type RunningDemoEmulator } from "./all";

let running: RunningDemoEmulator[];
let caPem: string;
beforeAll(async () => {
  const tls = await testTls();
  caPem = tls.caPem;
  running = await startAllEmulators({ certPem: tls.certPem, keyPem: tls.keyPem }, 0);
});
afterAll(() => Promise.all(running.map((r) => r.emulator.close())));

/** The raw status line's parts, as a client that prints or checks the reason phrase sees them. */
function statusLine(url: string, path: string): Promise<{ status: number; reason: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(new URL(path, url), { ca: caPem }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, reason: res.statusMessage ?? "" });
      })
      .on("error", reject);
  });
}

describe("every emulator's status line", () => {
  // Paths each vendor answers without credentials: an error in the vendor's own shape.
  const unauthenticated: Record<string, string> = {
    panos: "/api/?type=op&cmd=%3Cshow%3E%3Csystem%3E%3Cinfo%3E%3C%2Finfo%3E%3C%2Fsystem%3E%3C%2Fshow%3E",
    expedition: "/api/v1/users",
    xsiam: "/public_api/v1/rbac/get_roles",
    trend: "/api/roles",
    rancher: "/v2-beta/projects",
  };

  it("carries the standard reason phrase, as a real server's does (HTTP/1.1 401 Unauthorized, not 401 and nothing)", async () => {
    const lines = await Promise.all(
      running.map(async (r) => [r.vendor, await statusLine(r.emulator.url, unauthenticated[r.vendor]!)] as const),
    );
    for (const [vendor, line] of lines) {
      expect(line.reason, `${vendor} answered ${line.status} with no reason phrase`).not.toBe("");
      expect(line.status, vendor).toBeGreaterThanOrEqual(400);
    }
  });
});
