import { invalid, type FieldErrors } from "@/lib/errors";
import type { MintRequest, VendorCapabilities } from "../types";

/**
 * What Expedition lets a key holder choose, for the connection and issue forms.
 *
 * An Expedition API key is the key of the Expedition user whose credentials the connection holds
 * (vendor-protocols-panos-expedition.md §2.1): it carries all of that user's rights, so there is no
 * role, scope or security level to choose. The vendor fixes its lifetime (§2.4).
 */
const EXPEDITION_NAME_MAX_LENGTH = 64;
/** Expedition's documented lifetime; the adapter computes expiries with date-fns `addMonths(now, 1)`. */
export const EXPEDITION_KEY_LIFETIME_MONTHS = 1;

/**
 * The truth about an Expedition key's life (vendor-protocols-panos-expedition.md §2.4): it is
 * the user's key, and Keyward logs in as that user on every issue and connection test.
 */
const EXPEDITION_LIFETIME_STATEMENT =
  "An Expedition key lives one month past the last login of the connection's Expedition user, and Keyward's own logins count: every key Keyward issues and every connection test logs in as that user. So each key of this connection lives as long as Keyward keeps using it, and all of them are that user's key, with all of its rights.";

export const expeditionCapabilities: VendorCapabilities = {
  vendor: "expedition",
  displayName: "Palo Alto Networks Expedition",
  baseUrlExample: "https://expedition.example.com",
  connectionFields: [
    {
      name: "username",
      label: "Expedition user name",
      kind: "text",
      required: true,
      defaultValue: "admin",
      help: "Every key the console issues belongs to this Expedition user and has all of its rights. Prefer a dedicated user with only the rights your scripts need.",
    },
    {
      name: "password",
      label: "Password",
      kind: "secret",
      required: true,
      help: "The password of that Expedition user. Expedition ships with admin / paloalto: change it before connecting.",
    },
  ],
  scope: { kind: "none", label: "Rights of the connection's Expedition user", required: false, ownAccount: "always" },
  securityLevels: [],
  expiry: {
    kind: "fixed",
    statement: EXPEDITION_LIFETIME_STATEMENT,
    lifetimeDays: 30,
    renewedOnLogin: true,
  },
  nameMaxLength: EXPEDITION_NAME_MAX_LENGTH,
  connectionWarning: {
    title: "Keys live a month past the user's last login — Keyward's logins included",
    text: EXPEDITION_LIFETIME_STATEMENT,
  },
  testCreatesKey:
    "Testing logs in as the connection's Expedition user. Expedition answers every login with that user's API key and extends every key of the user to a month from now. Keyward records the key's fingerprint as a connection key (never the key itself).",
  issueFields: [],
  // Expedition documents no endpoint to list, disable or revoke API keys (§2.4, §3).
  lifecycle: [],
};

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Checks a mint request against Expedition's capabilities before anything is sent, so the issue
 * form and the BFF refuse what Expedition cannot honour. Throws AppError 422 with field errors.
 * The name is the console's label only (Expedition has no key names), hence the console's limits.
 * `fields` is ignored: Expedition has no issue fields and sends nothing else.
 */
export function validateExpeditionMintRequest(request: MintRequest): void {
  const fields: FieldErrors = {};
  const name = request.name.trim();
  if (!name) fields.name = "Give the key a name so you can recognise it later.";
  else if (name.length > EXPEDITION_NAME_MAX_LENGTH)
    fields.name = `Use at most ${EXPEDITION_NAME_MAX_LENGTH} characters (this name has ${name.length}).`;
  else if (CONTROL_CHARACTERS.test(name))
    fields.name = "Remove line breaks, tabs and other control characters from the name.";

  if (request.scope.length > 0) {
    fields.scope =
      "Expedition keys carry all the rights of the connection's Expedition user; there is no role to choose. Clear the selection.";
  }
  if (request.securityLevel)
    fields.securityLevel = "Expedition has no security levels. Leave the security level empty.";
  if (request.expiresAt !== undefined) {
    fields.expiresAt =
      "Expedition fixes the lifetime at one month from issue (extended on each login of the user). Leave the expiry unset.";
  }
  if (Object.keys(fields).length > 0) throw invalid("This key request does not fit what Expedition can issue.", fields);
}
