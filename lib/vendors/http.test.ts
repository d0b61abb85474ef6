import https from "node:https";
import { createServer } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDemoTls, type DemoTls } from "@/lib/tls/demo-ca";
import { testTls } from "@/test/support/tls";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { certificateFingerprint } from "./fingerprint";
import { vendorRequest } from "./http";
import { VendorError } from "./errors";
import type { TlsTrust, VendorConnection } from "./types";
import { rejection } from "@/test/support/rejection";

let tls: DemoTls;
let otherCa: DemoTls;
let server: https.Server;
let baseUrl: string;
let requests = 0;
let connections = 0;

beforeAll(async () => {
  tls = await testTls();
  otherCa = await ensureDemoTls(mkdtempSync(path.join(tmpdir(), "keyward-other-ca-")));
  server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    requests++;
    if (req.url === "/hang") return;
    if (req.url === "/chunked") {
      // What appliances send: a reason phrase of their own words and a body in chunks, no length.
      res.writeHead(403, "Invalid Credential", { "content-type": "application/xml; charset=UTF-8" });
      res.write("<response status = 'error' code = '403'>");
      setTimeout(() => res.end("<result><msg>Invalid Credential</msg></result></response>"), 20);
      return;
    }
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("pong");
  });
  server.on("secureConnection", () => connections++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const conn = (trust: TlsTrust, over: Partial<VendorConnection> = {}): VendorConnection => ({
  id: "t",
  baseUrl,
  tls: trust,
  settings: {},
  secrets: {},
  timeoutMs: 2000,
  ...over,
});

const failure = (p: Promise<unknown>) => rejection(p, VendorError);

describe("vendor HTTPS client", () => {
  it("reads a chunked body whole and keeps the status whatever the reason phrase says", async () => {
    const res = await vendorRequest(conn({ mode: "ca", caPem: tls.caPem }), { method: "GET", path: "/chunked" });
    expect(res.status).toBe(403);
    expect(res.headers["transfer-encoding"]).toBe("chunked");
    expect(res.body).toBe(
      "<response status = 'error' code = '403'><result><msg>Invalid Credential</msg></result></response>",
    );
  });

  it("trusts exactly the connection's CA", async () => {
    const res = await vendorRequest(conn({ mode: "ca", caPem: tls.caPem }), { method: "GET", path: "/ping" });
    expect(res).toMatchObject({ status: 200, body: "pong" });
    const err = await failure(
      vendorRequest(conn({ mode: "ca", caPem: otherCa.caPem }), { method: "GET", path: "/ping" }),
    );
    expect(err.failure).toBe("vendor_tls");
    expect(err.message).toContain("could not be verified");
  });

  it("refuses a self-signed peer under system trust", async () => {
    expect((await failure(vendorRequest(conn({ mode: "system" }), { method: "GET", path: "/ping" }))).failure).toBe(
      "vendor_tls",
    );
  });

  it("pins a fingerprint and sends nothing to a certificate that does not match", async () => {
    const pinned = certificateFingerprint(tls.certPem);
    expect(
      (await vendorRequest(conn({ mode: "fingerprint", sha256: pinned }), { method: "GET", path: "/ping" })).body,
    ).toBe("pong");
    const before = requests;
    const wrong = certificateFingerprint(otherCa.certPem);
    const err = await failure(
      vendorRequest(conn({ mode: "fingerprint", sha256: wrong }), {
        method: "POST",
        path: "/login",
        body: "password=hunter2",
      }),
    );
    expect(err.failure).toBe("vendor_tls");
    expect(err.message).toContain("does not match the pinned SHA-256 fingerprint");
    expect(requests).toBe(before);
  });

  it("reuses one TLS connection for calls in a row", async () => {
    const c = conn({ mode: "ca", caPem: tls.caPem }, { id: "pool" });
    await vendorRequest(c, { method: "GET", path: "/ping" });
    const before = connections;
    for (let i = 0; i < 5; i++) await vendorRequest(c, { method: "GET", path: "/ping" });
    expect(connections - before).toBeLessThanOrEqual(1);
  });

  it("reports a silent vendor as a timeout, in seconds", async () => {
    const err = await failure(
      vendorRequest(conn({ mode: "ca", caPem: tls.caPem }, { timeoutMs: 600 }), { method: "GET", path: "/hang" }),
    );
    expect(err.failure).toBe("vendor_timeout");
    expect(err.status).toBe(504);
  });

  it("reports a closed port as unreachable and names the host", async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const err = await failure(
      vendorRequest(conn({ mode: "ca", caPem: tls.caPem }, { baseUrl: `https://127.0.0.1:${port}` }), {
        method: "GET",
        path: "/",
      }),
    );
    expect(err.failure).toBe("vendor_unreachable");
    expect(err.message).toContain(`127.0.0.1:${port} refused the connection`);
  });

  it("reports a peer that hangs up mid-handshake as unreachable", async () => {
    const rude = createServer((s: Socket) => s.destroy());
    await new Promise<void>((r) => rude.listen(0, "127.0.0.1", r));
    const port = (rude.address() as AddressInfo).port;
    const err = await failure(
      vendorRequest(conn({ mode: "ca", caPem: tls.caPem }, { baseUrl: `https://127.0.0.1:${port}` }), {
        method: "GET",
        path: "/",
      }),
    );
    expect(["vendor_unreachable", "vendor_tls"]).toContain(err.failure);
    await new Promise((r) => rude.close(r));
  });
});
