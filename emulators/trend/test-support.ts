import { testTls } from "@/test/support/tls";
import { vendorRequest, type VendorResponse } from "@/lib/vendors/http";
import type { VendorConnection } from "@/lib/vendors/types";
import { startTrendEmulator, TREND_DEMO_ADMIN_SECRET, type TrendEmulatorOptions } from "./emulator";

/** Test-only: a Trend emulator over verified HTTPS with a movable clock, and connections to it. */
export interface TrendFixture {
  url: string;
  clock: { now: number };
  emulator: Awaited<ReturnType<typeof startTrendEmulator>>;
  conn(settings?: Record<string, string>, secrets?: Record<string, string>, timeoutMs?: number): VendorConnection;
  /** A call straight to the emulator, bypassing the adapter. */
  raw(
    method: "GET" | "POST" | "DELETE",
    path: string,
    headers?: Record<string, string>,
    body?: unknown,
  ): Promise<VendorResponse>;
  state(): Promise<{ keys: number; activeKeys: number; roles: number; sessions: number }>;
}

let counter = 0;

export async function startTrendFixture(options: Partial<TrendEmulatorOptions> = {}): Promise<TrendFixture> {
  const tls = await testTls();
  const clock = { now: Date.now() };
  const emulator = await startTrendEmulator({
    tls: { certPem: tls.certPem, keyPem: tls.keyPem },
    now: () => clock.now,
    ...options,
  });
  const conn = (
    settings: Record<string, string> = { authMode: "api-key" },
    secrets: Record<string, string> = { apiSecretKey: TREND_DEMO_ADMIN_SECRET },
    timeoutMs = 5000,
  ): VendorConnection => ({
    id: `trend-test-${++counter}`,
    baseUrl: emulator.url,
    tls: { mode: "ca", caPem: tls.caPem },
    settings,
    secrets,
    timeoutMs,
  });
  const plain = conn();
  return {
    url: emulator.url,
    clock,
    emulator,
    conn,
    raw: (method, path, headers = { "api-version": "v1", "api-secret-key": TREND_DEMO_ADMIN_SECRET }, body) =>
      vendorRequest(plain, {
        method,
        path,
        headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    state: async () => JSON.parse((await vendorRequest(plain, { method: "GET", path: "/__emulator/state" })).body),
  };
}
