import "server-only";
import type { z } from "zod";
import { vendorRequest, type VendorResponse } from "../http";
import { VendorError } from "../errors";
import { redactVendorText } from "../redact";
import type { VendorConnection } from "../types";
import { apiVersionSchema, parseError, parseJson } from "./wire";

/**
 * One Rancher API call: Basic auth, JSON in and out, and every non-2xx answer turned into a
 * VendorError that quotes Cattle's own `code`/`message` and says what to do next.
 */

export type ApiVersion = "v2-beta" | "v1";

/** Where the API lives: the server root (any reverse-proxy prefix kept) and its version. */
export interface ApiRoot {
  conn: VendorConnection;
  version: ApiVersion;
}

export interface BasicCredentials {
  accessKey: string;
  secretKey: string;
}

export function basicAuth(creds: BasicCredentials): string {
  return `Basic ${Buffer.from(`${creds.accessKey}:${creds.secretKey}`, "utf8").toString("base64")}`;
}

function connectionCredentials(conn: VendorConnection): BasicCredentials {
  const accessKey = conn.settings.accessKey?.trim() ?? "";
  const secretKey = conn.secrets.secretKey ?? "";
  if (!accessKey || !secretKey) {
    throw new VendorError(
      "vendor_auth",
      "The connection has no Rancher access key or secret key. Edit the connection and enter an account API key.",
    );
  }
  return { accessKey, secretKey };
}

/**
 * Admins paste what Rancher shows them: the server (`https://rancher:8080`), the API
 * (`…/v2-beta`) or an environment's endpoint (`…/v2-beta/projects/1a5`). All three mean the
 * same server; the version, when named, is kept.
 */
export function splitBaseUrl(baseUrl: string): { serverUrl: string; version?: ApiVersion } {
  const url = new URL(baseUrl);
  const match = /^(.*?)\/(v1|v2-beta)(?:\/projects\/[^/]+)?\/*$/i.exec(url.pathname);
  if (!match) return { serverUrl: `${url.origin}${url.pathname.replace(/\/+$/, "")}` };
  return { serverUrl: `${url.origin}${match[1] ?? ""}`, version: match[2]!.toLowerCase() as ApiVersion };
}

const detectedVersions = new Map<string, ApiVersion>();

/**
 * Rancher 1.2+ serves `/v2-beta` (and still `/v1`); 1.0/1.1 only `/v1`. The version is read
 * from the base URL, else probed once per server and remembered.
 */
export async function resolveApiRoot(conn: VendorConnection): Promise<ApiRoot> {
  const { serverUrl, version } = splitBaseUrl(conn.baseUrl);
  const serverConn = { ...conn, baseUrl: serverUrl };
  if (version) return { conn: serverConn, version };
  const cached = detectedVersions.get(serverUrl);
  if (cached) return { conn: serverConn, version: cached };
  const creds = connectionCredentials(conn);
  for (const candidate of ["v2-beta", "v1"] as const) {
    const res = await send(serverConn, creds, "GET", `/${candidate}`);
    if (res.status === 404) continue;
    if (res.status >= 400)
      throw rancherError(res, `reading the Rancher API root /${candidate}`, Object.values(conn.secrets));
    if (!apiVersionSchema.safeParse(parseJson(res.body)).success) {
      throw new VendorError(
        "vendor_bad_response",
        `${new URL(serverUrl).host} answered /${candidate} with something that is not the Rancher API. Check that the base URL points at the Rancher server (for example https://rancher.example.com:8080).`,
        res.status,
      );
    }
    detectedVersions.set(serverUrl, candidate);
    return { conn: serverConn, version: candidate };
  }
  throw new VendorError(
    "vendor_bad_response",
    `${new URL(serverUrl).host} serves neither /v2-beta nor /v1. Check that the base URL points at a Rancher 1.x server.`,
    404,
  );
}

function send(
  conn: VendorConnection,
  creds: BasicCredentials,
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
  query?: Record<string, string>,
): Promise<VendorResponse> {
  return vendorRequest(conn, {
    method,
    path,
    query,
    headers: {
      authorization: basicAuth(creds),
      accept: "application/json",
      // Without it Cattle adds a Basic challenge to 401s, which is noise for a server client.
      "x-api-no-challenge": "true",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export interface CallOptions {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Below the version, e.g. `/projects/1a5/apikeys`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** What the call was for, used in error messages ("creating the API key"). */
  doing: string;
  /** Defaults to the connection's account key. */
  credentials?: BasicCredentials;
  /** Cattle answers 409 when two changes race on one object; its own clients simply retry once. */
  retryOnConflict?: boolean;
}

/** Calls the API and validates a 2xx body; throws the mapped VendorError otherwise. */
export async function call<T extends z.ZodTypeAny>(root: ApiRoot, opts: CallOptions, schema: T): Promise<z.infer<T>> {
  let res = await callRaw(root, opts);
  if (res.status === 409 && opts.retryOnConflict) res = await callRaw(root, opts);
  if (res.status < 200 || res.status >= 300) throw rancherError(res, opts.doing, secretsOf(root, opts));
  const parsed = schema.safeParse(parseJson(res.body));
  if (!parsed.success) {
    throw new VendorError(
      "vendor_bad_response",
      `Rancher answered ${opts.doing} with a body the console does not understand (HTTP ${res.status}). Check that the base URL points at a Rancher 1.x server, then try again.`,
      res.status,
    );
  }
  return parsed.data as z.infer<T>;
}

/** What must never appear in an error message, even if a hostile server echoes it. */
export function secretsOf(root: ApiRoot, opts: Pick<CallOptions, "credentials">): Array<string | undefined> {
  // The Basic header's base64 of `access:secret` is covered by the redactor's base64 forms.
  return [...Object.values(root.conn.secrets), opts.credentials?.secretKey];
}

export function callRaw(root: ApiRoot, opts: CallOptions): Promise<VendorResponse> {
  const creds = opts.credentials ?? connectionCredentials(root.conn);
  return send(root.conn, creds, opts.method, `/${root.version}${opts.path}`, opts.body, opts.query);
}

/** Maps a Rancher error answer to a VendorError carrying Cattle's words and a next step. */
export function rancherError(
  res: Pick<VendorResponse, "status" | "body">,
  doing: string,
  hide: Array<string | undefined> = [],
): VendorError {
  const err = parseError(res.body);
  const words = err
    ? redactVendorText([err.code, err.message].filter((w, i, all) => w && all.indexOf(w) === i).join(": "), hide)
    : "";
  const said = words
    ? `Rancher said "${words}"${err?.fieldName ? ` (field ${redactVendorText(err.fieldName, hide)})` : ""}`
    : `Rancher answered HTTP ${res.status}`;
  const status = res.status;
  if (status === 401) {
    return new VendorError(
      "vendor_auth",
      `${said} while ${doing}. The access key / secret key pair was refused: check that the account API key exists, is active and was copied whole.`,
      status,
    );
  }
  if (status === 403) {
    return new VendorError(
      "vendor_forbidden",
      `${said} while ${doing}. The account that owns the connection's API key lacks this right: use a key of an environment owner or an admin.`,
      status,
    );
  }
  if (status === 404) {
    return new VendorError(
      "vendor_not_found",
      `${said} while ${doing}. It no longer exists or the connection's account cannot see it: refresh the list and check the environment's members.`,
      status,
    );
  }
  if (status === 405) {
    return new VendorError(
      "vendor_rejected",
      `${said} while ${doing}. Rancher refuses this in the key's current state (an active key must be deactivated before it can be deleted).`,
      status,
    );
  }
  if (status === 409) {
    return new VendorError(
      "vendor_rejected",
      `${said} while ${doing}. Another change to the same object was in progress: try again.`,
      status,
    );
  }
  if (status === 400 || status === 422) {
    return new VendorError(
      "vendor_rejected",
      `${said} while ${doing}. Correct the value Rancher names and try again.`,
      status,
    );
  }
  if (status >= 500) {
    return new VendorError(
      "vendor_unreachable",
      `${said} while ${doing}. The Rancher server failed; check its logs and try again.`,
      status,
    );
  }
  return new VendorError(
    "vendor_bad_response",
    `${said} while ${doing}, which the console did not expect. Try again, and check the Rancher server's logs if it persists.`,
    status,
  );
}
