import { Agent, request } from "undici";
import { testTls } from "@/test/support/tls";
import type { VendorConnection } from "@/lib/vendors/types";
import { startExpeditionEmulator, type ExpeditionEmulator } from "./emulator";

/** Test-only helpers: an emulator with a movable clock, connections to it, and raw HTTPS calls. */

export const DAY_MS = 24 * 3600 * 1000;

export interface ExpeditionTestBed {
  emulator: ExpeditionEmulator;
  caPem: string;
  /** Moves the emulator's clock forward (keys expire, logins extend). */
  advance(ms: number): void;
  connection(overrides?: Partial<VendorConnection>): VendorConnection;
  /** A raw call to the emulator over verified HTTPS, as a script holding the key would make it. */
  call(
    method: string,
    path: string,
    opts?: { headers?: Record<string, string>; body?: string | FormData },
  ): Promise<{ status: number; json: unknown }>;
}

export async function startTestBed(): Promise<ExpeditionTestBed> {
  const tls = await testTls();
  let offset = 0;
  const emulator = await startExpeditionEmulator({ tls, now: () => Date.now() + offset });
  const agent = new Agent({ connect: { ca: tls.caPem } });
  return {
    emulator,
    caPem: tls.caPem,
    advance(ms) {
      offset += ms;
    },
    connection: (overrides) => ({
      id: "expedition-contract-test",
      baseUrl: emulator.url,
      tls: { mode: "ca", caPem: tls.caPem },
      settings: { username: "admin" },
      secrets: { password: "paloalto" },
      timeoutMs: 3000,
      ...overrides,
    }),
    async call(method, path, opts) {
      let headers = opts?.headers;
      let body: string | Buffer | undefined;
      if (opts?.body instanceof FormData) {
        // Encoded by the platform, the way PHP's curl would build a multipart body.
        const encoded = new Response(opts.body);
        body = Buffer.from(await encoded.arrayBuffer());
        headers = { ...headers, "content-type": encoded.headers.get("content-type") ?? "" };
      } else body = opts?.body;
      const res = await request(`${emulator.url}${path}`, {
        method: method as "GET",
        headers,
        body,
        dispatcher: agent,
      });
      const text = await res.body.text();
      let json: unknown = text;
      try {
        json = JSON.parse(text);
      } catch {
        // keep the text
      }
      return { status: res.statusCode, json };
    },
  };
}
