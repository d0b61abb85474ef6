import "server-only";
import { vendorRequest } from "../http";
import { VendorError, type VendorFailure } from "../errors";
import { redactVendorText } from "../redact";
import type { VendorConnection } from "../types";
import { authHeaders, type XsiamCredentials } from "./auth";
import { parseErrorBody, parseJson, type XsiamErrorBody } from "./wire";

/**
 * One authenticated XSIAM call: signs the request, sends it through the shared vendor HTTPS
 * client, and turns any non-2xx answer or `reply.err_code` into a VendorError that carries
 * the vendor's words and says what to do.
 */

export interface XsiamCall {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  body?: string;
  creds: XsiamCredentials;
  /** Sent as `x-child-tenant-id` so an MSSP parent key acts on a paired child tenant. */
  childTenantId?: string;
  /** What the console was doing, for messages: "generating the API key". */
  action: string;
}

export async function callXsiam(conn: VendorConnection, call: XsiamCall): Promise<unknown> {
  const headers: Record<string, string> = { accept: "application/json", ...authHeaders(call.creds) };
  if (call.body !== undefined) headers["content-type"] = "application/json";
  if (call.childTenantId) headers["x-child-tenant-id"] = call.childTenantId;
  const res = await vendorRequest(conn, { method: call.method, path: call.path, headers, body: call.body });
  const json = parseJson(res.body);
  const error = parseErrorBody(json);
  const ok = res.status >= 200 && res.status < 300;
  if (ok && !error) {
    if (json === undefined) {
      throw new VendorError(
        "vendor_bad_response",
        `XSIAM answered ${call.action} with a body that is not JSON. Check that the base URL is the tenant's API URL (https://api-<tenant>…), not the web console.`,
        res.status,
      );
    }
    return json;
  }
  const status = ok ? (error?.code ?? 500) : res.status;
  throw describeXsiamFailure(status, error, call, res.body);
}

function vendorWords(status: number, error: XsiamErrorBody | undefined, rawBody: string): string {
  if (error?.message || error?.extra) return [error.message, error.extra].filter(Boolean).join(": ");
  const text = rawBody.trim();
  // A short plain-text body (a proxy's "Bad Gateway") is worth showing; an HTML page is not.
  if (text && text.length <= 200 && !text.startsWith("<")) return `HTTP ${status}: ${text}`;
  return `HTTP ${status}`;
}

function describeXsiamFailure(
  status: number,
  error: XsiamErrorBody | undefined,
  call: XsiamCall,
  rawBody = "",
): VendorError {
  // Never let a credential reach a message, even if the vendor echoed it.
  const words = redactVendorText(vendorWords(status, error, rawBody), [call.creds.apiKey]);
  const fail = (failure: VendorFailure, message: string) => new VendorError(failure, message, status);
  switch (true) {
    case status === 401:
      return fail(
        "vendor_auth",
        `XSIAM rejected the API key while ${call.action} (${words}). Check the API key ID and the key, that the connection's security level matches the key (standard or advanced), that the key has not expired, and for an advanced key that the console's clock is correct.`,
      );
    case status === 402:
      return fail(
        "vendor_forbidden",
        `XSIAM refused ${call.action} because the tenant's license does not include this API (${words}). Check the tenant's license (XSIAM Premium, Enterprise, NG SIEM or Enterprise Plus).`,
      );
    case status === 403:
      return fail(
        "vendor_forbidden",
        `XSIAM refused ${call.action} (${words}). Give the connection's API key a role that may manage API keys (such as Instance Administrator)${call.childTenantId ? `, and check that child tenant ${call.childTenantId} is paired with this tenant` : ""}.`,
      );
    case status === 400:
      return fail(
        "vendor_rejected",
        `XSIAM refused the request as invalid while ${call.action} (${words}). Check the values entered and try again.`,
      );
    case status === 404:
      return fail(
        "vendor_bad_response",
        `XSIAM has no such endpoint (${words}). Check that the base URL is the tenant's API URL (https://api-<tenant>…).`,
      );
    case status === 429:
      return fail("vendor_unreachable", `XSIAM is rate-limiting the console (${words}). Wait a minute and try again.`);
    // The vendor uses 500 as a unified status for business errors too; a filled err_extra says which.
    case status === 500 && Boolean(error?.extra):
      return fail(
        "vendor_rejected",
        `XSIAM could not complete ${call.action} (${words}). Correct the request and try again.`,
      );
    case status === 502 || status === 503 || status === 504:
      return fail("vendor_unreachable", `XSIAM is not available right now (${words}). Try again in a few minutes.`);
    default:
      return fail(
        "vendor_bad_response",
        `XSIAM answered ${call.action} with an error (${words}). Try again; if it persists, check the tenant's status.`,
      );
  }
}
