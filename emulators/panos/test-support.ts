import https from "node:https";
import { testTls } from "@/test/support/tls";
import type { VendorConnection } from "@/lib/vendors/types";
import { PANOS_DEMO_PASSWORD, startPanosEmulator, type PanosEmulator } from "./emulator";

/** Shared set-up for the PAN-OS tests: an emulator over real HTTPS and connections to it. */

export async function startTestFirewall(): Promise<{ emulator: PanosEmulator; caPem: string }> {
  const tls = await testTls();
  const emulator = await startPanosEmulator({ tls: { certPem: tls.certPem, keyPem: tls.keyPem } });
  return { emulator, caPem: tls.caPem };
}

let connections = 0;

export function connectionTo(
  emulator: PanosEmulator,
  caPem: string,
  user = "admin",
  password = PANOS_DEMO_PASSWORD,
  extra: Partial<VendorConnection> = {},
): VendorConnection {
  return {
    id: `panos-test-${++connections}`,
    baseUrl: emulator.url,
    tls: { mode: "ca", caPem },
    settings: { username: user },
    secrets: { password },
    ...extra,
  };
}

export interface RawReply {
  status: number;
  reason: string;
  contentType: string;
  body: string;
}

/** A raw HTTPS call, to see what a client like pan-python sees (reason phrase included). */
export function rawCall(
  emulator: PanosEmulator,
  caPem: string,
  opts: {
    method?: "GET" | "POST";
    path?: string;
    query?: Record<string, string>;
    form?: Record<string, string>;
    /** A JSON body, for the emulator's control endpoints. */
    json?: unknown;
    headers?: Record<string, string>;
  },
): Promise<RawReply> {
  const url = new URL(emulator.url + (opts.path ?? "/api/"));
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const body = opts.form
    ? new URLSearchParams(opts.form).toString()
    : opts.json !== undefined
      ? JSON.stringify(opts.json)
      : undefined;
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (body !== undefined)
    headers["content-type"] = opts.form ? "application/x-www-form-urlencoded" : "application/json";
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method: opts.method ?? (body ? "POST" : "GET"), ca: caPem, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            reason: res.statusMessage ?? "",
            contentType: String(res.headers["content-type"] ?? ""),
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
