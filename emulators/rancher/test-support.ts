import { testTls } from "@/test/support/tls";
import { vendorRequest, type VendorResponse } from "@/lib/vendors/http";
import type { VendorEmulator } from "../kit";
import type { VendorConnection } from "@/lib/vendors/types";
import { basicAuth } from "@/lib/vendors/rancher/client";
import { startRancherEmulator, RANCHER_ADMIN_ACCESS_KEY, RANCHER_ADMIN_SECRET_KEY } from "./emulator";

/** Shared set-up of the Rancher tests: an emulator over verified HTTPS and connections to it. */

export interface RancherTestBed {
  emulator: VendorEmulator;
  caPem: string;
  /** A connection with the given account key (the seeded admin by default). */
  connection(overrides?: Partial<VendorConnection> & { accessKey?: string; secretKey?: string }): VendorConnection;
  /** A raw call, as curl -u access:secret would make it. */
  raw(
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    auth?: { accessKey: string; secretKey: string } | null,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<VendorResponse & { json: Record<string, unknown> }>;
  state(): Promise<{ environments: number; keys: Record<string, number>; keysByEnvironment: Record<string, number> }>;
}

let connectionCounter = 0;

export async function startTestBed(transitionMs = 20): Promise<RancherTestBed> {
  const tls = await testTls();
  const emulator = await startRancherEmulator({ tls, transitionMs });
  const connection: RancherTestBed["connection"] = (overrides = {}) => {
    const { accessKey, secretKey, ...rest } = overrides;
    return {
      id: `rancher-test-${++connectionCounter}`,
      baseUrl: emulator.url,
      tls: { mode: "ca", caPem: tls.caPem },
      settings: { accessKey: accessKey ?? RANCHER_ADMIN_ACCESS_KEY },
      secrets: { secretKey: secretKey ?? RANCHER_ADMIN_SECRET_KEY },
      timeoutMs: 3_000,
      ...rest,
    };
  };
  const rawConn = connection();
  return {
    emulator,
    caPem: tls.caPem,
    connection,
    async raw(
      method,
      path,
      auth = { accessKey: RANCHER_ADMIN_ACCESS_KEY, secretKey: RANCHER_ADMIN_SECRET_KEY },
      body,
      headers = {},
    ) {
      const res = await vendorRequest(rawConn, {
        method,
        path,
        headers: {
          ...(auth ? { authorization: basicAuth(auth) } : {}),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(res.body) as Record<string, unknown>;
      } catch {
        // non-JSON answers keep an empty object
      }
      return { ...res, json };
    },
    async state() {
      const res = await vendorRequest(rawConn, { method: "GET", path: "/__emulator/state" });
      return JSON.parse(res.body) as Awaited<ReturnType<RancherTestBed["state"]>>;
    },
  };
}
