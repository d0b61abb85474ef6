import https from "node:https";
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * Shared plumbing for the vendor emulators: an HTTPS server, body reading, parameter merging
 * and switchable faults. Each vendor's `emulator.ts` supplies only its protocol.
 * The control endpoints under `/__emulator/` exist only in the emulator process.
 */

export interface EmulatorFaults {
  /** Added before every answer. */
  latencyMs?: number;
  /** Answer with this status and `body` instead of the real handler. */
  status?: number;
  body?: string;
  contentType?: string;
  /** Never answer (the client must time out). */
  hang?: boolean;
  /** Answer 200 with a body the vendor would never send. */
  malformed?: boolean;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /** How many requests the fault applies to; unset means until cleared. */
  remaining?: number;
}

export interface EmulatorRequest {
  method: string;
  url: URL;
  headers: IncomingMessage["headers"];
  body: Buffer;
  socket: Socket;
}

type EmulatorHandler = (req: EmulatorRequest, res: ServerResponse) => void | Promise<void>;

export interface EmulatorOptions {
  name: string;
  handler: EmulatorHandler;
  tls: { certPem: string; keyPem: string };
  port?: number;
  host?: string;
  /** What a malformed answer looks like for this vendor (default: a truncated body). */
  malformedBody?: { contentType: string; body: string };
  /** Served at GET /__emulator/state for tests that count what the vendor holds. */
  inspect?: () => unknown;
  /** The vendor's own control endpoints under `/__emulator/`; null for a path it does not know. */
  control?: (path: string, method: string, body: unknown) => { status: number; value: unknown } | null;
}

export interface RunningEmulator {
  name: string;
  url: string;
  port: number;
  setFaults(faults: EmulatorFaults | null): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Real servers always send a reason phrase (`HTTP/1.1 200 OK`); some clients print or check it. */
export function sendJson(res: ServerResponse, status: number, value: unknown, reason?: string): void {
  const body = JSON.stringify(value);
  res.writeHead(status, reason ?? STATUS_CODES[status] ?? "Unknown", {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

export function sendText(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  reason?: string,
): void {
  if (reason) res.writeHead(status, reason, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  else res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Parameters from the query string merged with a form-urlencoded, multipart or JSON body,
 * body values winning, the way the vendors' servers read them.
 */
export async function readParams(req: EmulatorRequest): Promise<Record<string, string>> {
  const params: Record<string, string> = Object.fromEntries(req.url.searchParams);
  const type = String(req.headers["content-type"] ?? "").toLowerCase();
  if (req.body.length === 0) return params;
  if (type.startsWith("application/json")) {
    const parsed: unknown = JSON.parse(req.body.toString("utf8"));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      for (const [k, v] of Object.entries(parsed)) params[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
  } else if (type.startsWith("multipart/form-data")) {
    const form = await new Request("http://emulator.invalid/", {
      method: "POST",
      headers: { "content-type": type },
      body: new Uint8Array(req.body),
    }).formData();
    for (const [k, v] of form) if (typeof v === "string") params[k] = v;
  } else {
    for (const [k, v] of new URLSearchParams(req.body.toString("utf8"))) params[k] = v;
  }
  return params;
}

export async function startEmulator(opts: EmulatorOptions): Promise<RunningEmulator> {
  let faults: EmulatorFaults | null = null;
  const sockets = new Set<Socket>();

  const takeFault = (): EmulatorFaults | null => {
    if (!faults) return null;
    const current = faults;
    if (current.remaining !== undefined) {
      current.remaining -= 1;
      if (current.remaining <= 0) faults = null;
    }
    return current;
  };

  const server = https.createServer({ cert: opts.tls.certPem, key: opts.tls.keyPem }, async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", `https://${req.headers.host ?? "localhost"}`);
      const body = await readBody(req);
      if (url.pathname.startsWith("/__emulator/")) return control(url, req.method ?? "GET", body, res);
      const fault = takeFault();
      if (fault?.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
      if (fault?.drop) return void req.socket.destroy();
      if (fault?.hang) return;
      if (fault?.malformed) {
        const bad = opts.malformedBody ?? { contentType: "text/html", body: "<html><body>502 Bad Gateway" };
        return sendText(res, 200, bad.contentType, bad.body);
      }
      if (fault?.status) return sendText(res, fault.status, fault.contentType ?? "text/plain", fault.body ?? "");
      await opts.handler({ method: req.method ?? "GET", url, headers: req.headers, body, socket: req.socket }, res);
    } catch (err) {
      if (!res.headersSent) sendText(res, 500, "text/plain", `emulator error: ${(err as Error).message}`);
    }
  });

  function control(url: URL, method: string, body: Buffer, res: ServerResponse) {
    if (url.pathname === "/__emulator/faults") {
      if (method === "DELETE") faults = null;
      else if (method === "POST" || method === "PUT")
        faults = body.length ? (JSON.parse(body.toString("utf8")) as EmulatorFaults) : null;
      return sendJson(res, 200, { faults });
    }
    if (url.pathname === "/__emulator/state") return sendJson(res, 200, opts.inspect?.() ?? {});
    const own = opts.control?.(
      url.pathname,
      method,
      body.length ? (JSON.parse(body.toString("utf8")) as unknown) : null,
    );
    if (own) return sendJson(res, own.status, own.value);
    return sendJson(res, 404, { error: "unknown control endpoint" });
  }

  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    name: opts.name,
    url: `https://${opts.host ?? "127.0.0.1"}:${port}`,
    port,
    setFaults(next) {
      faults = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** What each vendor's `start<Vendor>Emulator` returns: the server and the seeded account the demo connects with. */
export interface VendorEmulator extends RunningEmulator {
  demoConnection: {
    name: string;
    settings: Record<string, string>;
    secrets: Record<string, string>;
    /** The seeded least-privilege roles / environments the demo's member grant names. */
    memberScopes?: string[];
  };
}

export interface VendorEmulatorOptions {
  tls: { certPem: string; keyPem: string };
  port?: number;
  host?: string;
}
