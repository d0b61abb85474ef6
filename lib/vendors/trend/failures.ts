import { VendorError } from "../errors";
import { redactVendorText } from "../redact";
import type { TrendAuth } from "./connection";
import { vendorMessage } from "./wire";

/** What the console was doing when the manager said no, to build a message the user can act on. */
export interface CallContext {
  host: string;
  /** e.g. "create the API key", phrased to follow "could not". */
  action: string;
  authMode: TrendAuth["mode"] | "new-key";
  /** Strings that must never appear in a message (the connection's credentials, a new secret). */
  secrets: string[];
}

/**
 * Maps a non-2xx answer to a VendorError carrying the manager's own words (its `message`) and
 * the next step. The exact 401/403 bodies are unconfirmed, so only the status decides.
 */
export function failureFor(status: number, body: string, ctx: CallContext): VendorError {
  const said = vendorMessage(body);
  const words = said ? `: "${redactVendorText(said, ctx.secrets)}"` : "";
  const prefix = `Trend Micro at ${ctx.host} would not ${ctx.action} (HTTP ${status}${words}).`;
  if (status === 400) {
    return new VendorError(
      "vendor_rejected",
      `${prefix} Check the key's name, role, locale, time zone and expiry date, then try again.`,
      status,
    );
  }
  if (status === 401) {
    const next =
      ctx.authMode === "session"
        ? "Check the connection's user name, password and tenant, and that the account is not locked; accounts that require MFA cannot sign in from the console."
        : ctx.authMode === "new-key"
          ? "The key does not authenticate: it may be locked, expired or deleted."
          : "Check that the connection's API secret key is correct, active and not expired, or paste the secret of another key.";
    return new VendorError("vendor_auth", `${prefix} ${next}`, status);
  }
  if (status === 403) {
    return new VendorError(
      "vendor_forbidden",
      `${prefix} The role of the connection's key or account lacks this right. Use a key or account whose role may manage API keys (for example "Full Access").`,
      status,
    );
  }
  if (status === 404) {
    return new VendorError(
      "vendor_not_found",
      `${prefix} The object no longer exists on the manager; it may have been deleted there. Refresh the list.`,
      status,
    );
  }
  if (status === 429) {
    return new VendorError(
      "vendor_unreachable",
      `${prefix} The manager is rate-limiting API calls. Wait a minute and try again, or raise the API rate limits in the manager's settings.`,
      status,
    );
  }
  if (status >= 502 && status <= 504) {
    return new VendorError(
      "vendor_unreachable",
      `${prefix} The manager or a proxy in front of it is unavailable. Try again in a few minutes.`,
      status,
    );
  }
  return new VendorError(
    "vendor_bad_response",
    `${prefix} This is not an answer the console expects; check the manager's logs, then try again.`,
    status,
  );
}

/** A 2xx answer whose body is not what the documented API returns. */
export function badAnswer(ctx: CallContext, problem: string, status: number): VendorError {
  return new VendorError(
    "vendor_bad_response",
    `Trend Micro at ${ctx.host} answered the request to ${ctx.action} with something the console cannot read (${problem}). Check that the base URL points at the manager's API (port 4119 on premises), not at a proxy or login page.`,
    status,
  );
}
