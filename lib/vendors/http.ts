import "server-only";
import tls from "node:tls";
import net from "node:net";
import { createHash } from "node:crypto";
import { normalizeFingerprint } from "./fingerprint";
import { Agent, request, errors as undiciErrors, type Dispatcher } from "undici";
import { VendorError } from "./errors";
import type { TlsTrust, VendorConnection } from "./types";

const DEFAULT_VENDOR_TIMEOUT_MS = 10_000;

export interface VendorRequest {
  method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  /** Path below the connection's base URL, e.g. "/api/". */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
}

export interface VendorResponse {
  status: number;
  headers: Record<string, string>;
  /** Raw `set-cookie` values, which undici keeps as an array. */
  setCookie: string[];
  body: string;
}

class FingerprintMismatch extends Error {
  constructor(readonly seen: string) {
    super("certificate fingerprint mismatch");
  }
}

/**
 * Pins one certificate: the chain is not checked against a CA, but the handshake is only
 * handed to undici (and so the request, with its credentials, only sent) after the peer's
 * SHA-256 fingerprint matched.
 */
function pinnedConnector(sha256: string, timeoutMs: number) {
  const expected = normalizeFingerprint(sha256);
  return (
    opts: { hostname: string; port: string; servername?: string | null },
    callback: (err: Error | null, socket: net.Socket | tls.TLSSocket | null) => void,
  ) => {
    const socket = tls.connect({
      host: opts.hostname,
      port: Number(opts.port) || 443,
      servername: opts.servername || (net.isIP(opts.hostname) ? undefined : opts.hostname),
      rejectUnauthorized: false,
      ALPNProtocols: ["http/1.1"],
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error("connect timeout")));
    socket.once("secureConnect", () => {
      socket.setTimeout(0);
      const seen = normalizeFingerprint(socket.getPeerCertificate().fingerprint256 ?? "");
      if (seen !== expected) {
        socket.destroy();
        callback(new FingerprintMismatch(seen), null);
        return;
      }
      callback(null, socket);
    });
    socket.once("error", (err) => callback(err, null));
  };
}

type AgentCache = Map<string, Agent>;
const globalForAgents = globalThis as unknown as { keywardVendorAgents?: AgentCache };
const agents: AgentCache = (globalForAgents.keywardVendorAgents ??= new Map());

/** One pooled keep-alive agent per distinct trust setting, so repeated calls skip the TLS handshake. */
function agentFor(trust: TlsTrust, timeoutMs: number): Agent {
  const cacheKey = createHash("sha256").update(JSON.stringify(trust)).update(String(timeoutMs)).digest("hex");
  const cached = agents.get(cacheKey);
  if (cached) return cached;
  const common = { keepAliveTimeout: 30_000, connectTimeout: timeoutMs };
  let agent: Agent;
  switch (trust.mode) {
    case "ca":
      agent = new Agent({ ...common, connect: { ca: trust.caPem, timeout: timeoutMs } });
      break;
    case "fingerprint":
      agent = new Agent({ ...common, connect: pinnedConnector(trust.sha256, timeoutMs) as never });
      break;
    case "insecure":
      agent = new Agent({ ...common, connect: { rejectUnauthorized: false, timeout: timeoutMs } });
      break;
    case "system":
      agent = new Agent({ ...common, connect: { timeout: timeoutMs } });
      break;
  }
  agents.set(cacheKey, agent);
  return agent;
}

const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
  "ERR_SSL_WRONG_VERSION_NUMBER",
]);

function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR_SOCKET") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Turns a transport failure into a message that says what to check. */
function describeTransportError(err: unknown, host: string, timeoutMs: number): VendorError {
  if (err instanceof VendorError) return err;
  if (err instanceof FingerprintMismatch || (err as { cause?: unknown })?.cause instanceof FingerprintMismatch) {
    return new VendorError(
      "vendor_tls",
      `The certificate presented by ${host} does not match the pinned SHA-256 fingerprint. If the device's certificate was replaced on purpose, update the fingerprint in the connection's TLS settings.`,
    );
  }
  const code = errorCode(err);
  if (
    err instanceof undiciErrors.HeadersTimeoutError ||
    err instanceof undiciErrors.BodyTimeoutError ||
    err instanceof undiciErrors.ConnectTimeoutError ||
    (err as Error)?.name === "TimeoutError" ||
    code === "UND_ERR_CONNECT_TIMEOUT" ||
    code === "UND_ERR_HEADERS_TIMEOUT" ||
    code === "UND_ERR_BODY_TIMEOUT"
  ) {
    return new VendorError(
      "vendor_timeout",
      `${host} did not answer within ${Math.round(timeoutMs / 1000)} s. Check that the host is up and that nothing between the console and it drops traffic.`,
    );
  }
  if (code && TLS_CODES.has(code)) {
    return new VendorError(
      "vendor_tls",
      `The TLS certificate of ${host} could not be verified (${code}). Paste the device's CA certificate or pin its SHA-256 fingerprint in the connection's TLS settings.`,
    );
  }
  if (code === "ECONNREFUSED")
    return new VendorError(
      "vendor_unreachable",
      `${host} refused the connection. Check the base URL and port, and that the management interface allows HTTPS from the console.`,
    );
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return new VendorError("vendor_unreachable", `The host name ${host} could not be resolved. Check the base URL.`);
  if (code === "ECONNRESET" || code === "UND_ERR_CLOSED" || code === "UND_ERR_SOCKET" || code === "EPIPE") {
    return new VendorError(
      "vendor_unreachable",
      `${host} closed the connection before answering. Check the base URL and the device's logs, then try again.`,
    );
  }
  return new VendorError(
    "vendor_unreachable",
    `${host} could not be reached (${code ?? "network error"}). Check the base URL, then try again.`,
  );
}

/** Joins the connection's base URL with a vendor path, keeping any path prefix of the base. */
function vendorUrl(baseUrl: string, path: string, query?: Record<string, string>): URL {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, "");
  const url = new URL(base.origin + prefix + (path.startsWith("/") ? path : `/${path}`));
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
  return url;
}

/** One HTTPS call to a vendor over a pooled agent that honours the connection's TLS trust. */
export async function vendorRequest(conn: VendorConnection, req: VendorRequest): Promise<VendorResponse> {
  const timeoutMs = req.timeoutMs ?? conn.timeoutMs ?? DEFAULT_VENDOR_TIMEOUT_MS;
  const url = vendorUrl(conn.baseUrl, req.path, req.query);
  const dispatcher: Dispatcher = agentFor(conn.tls, timeoutMs);
  try {
    const res = await request(url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await res.body.text();
    const headers: Record<string, string> = {};
    let setCookie: string[] = [];
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      if (name === "set-cookie") setCookie = Array.isArray(value) ? value : [value];
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    return { status: res.statusCode, headers, setCookie, body };
  } catch (err) {
    throw describeTransportError(err, url.host, timeoutMs);
  }
}
