import { VendorError } from "../errors";
import { redactVendorText } from "../redact";
import type { VendorResponse } from "../http";

/**
 * Turns an Expedition answer the adapter cannot use into a VendorError that quotes the vendor and
 * says what to do. Expedition documents no failure body or status (§2.5), so the HTTP status only
 * picks the kind of failure; the words come from the envelope when there is one.
 */

function quoted(vendorMessage: string | undefined, secrets: Array<string | undefined>): string {
  return vendorMessage ? `: "${redactVendorText(vendorMessage, secrets)}"` : "";
}

function statusText(res: VendorResponse): string {
  return `HTTP ${res.status}`;
}

export function loginFailure(
  res: VendorResponse,
  username: string,
  vendorMessage: string | undefined,
  secrets: Array<string | undefined>,
): VendorError {
  const words = quoted(vendorMessage, secrets);
  if (res.status >= 500) {
    return new VendorError(
      "vendor_bad_response",
      `Expedition failed while logging in user "${username}" (${statusText(res)})${words}. Check that Expedition's web server, database and API services are running, then try again.`,
      res.status,
    );
  }
  if (res.status === 400 || res.status === 422) {
    return new VendorError(
      "vendor_rejected",
      `Expedition rejected the login request for user "${username}" (${statusText(res)})${words}. Check that the connection has both a user name and a password.`,
      res.status,
    );
  }
  if (res.status === 403) {
    return new VendorError(
      "vendor_forbidden",
      `Expedition does not let user "${username}" obtain an API key (${statusText(res)})${words}. Ask an Expedition administrator to enable API access for this user, or use another user.`,
      res.status,
    );
  }
  return new VendorError(
    "vendor_auth",
    `Expedition refused the login of user "${username}" (${statusText(res)})${words}. Check the Expedition user name and password in the connection's settings.`,
    res.status,
  );
}

export function loginRouteMissing(res: VendorResponse): VendorError {
  return new VendorError(
    "vendor_bad_response",
    `The server answered ${statusText(res)} on both /api/v1/generate_api_key and /api/v1/login. Check that the base URL is the Expedition 2.x server itself (for example https://expedition.example.com, without /api).`,
    res.status,
  );
}

export function keyMissing(res: VendorResponse): VendorError {
  return new VendorError(
    "vendor_bad_response",
    `Expedition reported a successful login but its answer holds no api_key at Contents.response.data.content.api_key (${statusText(res)}). This Expedition version answers differently from the documented one; check its API documentation at /api/v1/documentation.`,
    res.status,
  );
}

/** Never quotes the body: a truncated success answer would contain the key. */
export function unreadable(res: VendorResponse, what: string): VendorError {
  const type = res.headers["content-type"] ?? "no content type";
  const hint =
    res.status >= 500
      ? "Check that Expedition's web server and API services are running, then try again."
      : "Check that the base URL points at Expedition 2.x (its API answers JSON under /api/v1/) and that no proxy rewrites the answer.";
  return new VendorError(
    "vendor_bad_response",
    `Expedition's answer to ${what} is not an Expedition API response (${statusText(res)}, ${type}). ${hint}`,
    res.status,
  );
}

export function readFailure(
  res: VendorResponse,
  what: string,
  username: string,
  vendorMessage: string | undefined,
  secrets: Array<string | undefined>,
): VendorError {
  const words = quoted(vendorMessage, secrets);
  if (res.status === 403) {
    return new VendorError(
      "vendor_forbidden",
      `Expedition user "${username}" may not call ${what} (${statusText(res)})${words}. Give the user the right to list projects, or use another user.`,
      res.status,
    );
  }
  if (res.status >= 500) {
    return new VendorError(
      "vendor_bad_response",
      `Expedition failed on ${what} (${statusText(res)})${words}. Check Expedition's logs and services, then try again.`,
      res.status,
    );
  }
  return new VendorError(
    "vendor_auth",
    `Expedition issued a key for user "${username}" but refused it on ${what} (${statusText(res)})${words}. Check the user's rights and that Expedition's clock is right, then test again.`,
    res.status,
  );
}
