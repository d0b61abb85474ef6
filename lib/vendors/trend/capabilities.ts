import type { VendorCapabilities } from "../types";
import { TREND_LOCALES } from "./wire";

/** `keyName` has no documented limit; 255 is what the emulator enforces and fits any manager's column. */
export const TREND_NAME_MAX = 255;
/** `description` has no documented limit either; the console bounds it to keep audit rows small. */
export const TREND_DESCRIPTION_MAX = 2000;
/**
 * `expiryDate` is optional and the API documents no maximum, so the console caps the lifetime
 * at one year (its own policy, not Trend's) and offers "never" because the vendor allows it.
 */
export const TREND_MAX_DAYS = 365;
const TREND_DEFAULT_DAYS = 90;
/**
 * An expiry must lie at least this far ahead: the manager refuses dates in the past, and a key
 * that dies within the hour of its creation is a mistake, not a choice.
 */
export const TREND_MIN_LEAD_MS = 60 * 60 * 1000;

export const trendCapabilities: VendorCapabilities = {
  vendor: "trend",
  displayName: "Trend Micro Server & Workload Protection",
  baseUrlExample: "https://dsm.example.com:4119",
  connectionFields: [
    {
      name: "authMode",
      label: "Sign in with",
      kind: "select",
      required: false,
      defaultValue: "api-key",
      options: [
        { value: "api-key", label: "An existing API key" },
        { value: "session", label: "User name and password (to create the first key)" },
      ],
      help: "Trend documents user name and password only for creating the first API key; prefer an API key once one exists.",
    },
    {
      name: "apiSecretKey",
      label: "API secret key",
      kind: "secret",
      required: false,
      help: "Required when signing in with an API key. The key's role must allow managing API keys (e.g. Full Access).",
    },
    {
      name: "username",
      label: "User name",
      kind: "text",
      required: false,
      help: "Required when signing in with a user name and password.",
    },
    {
      name: "password",
      label: "Password",
      kind: "secret",
      required: false,
      help: "Required when signing in with a user name and password. Accounts with MFA cannot be used.",
    },
    {
      name: "tenant",
      label: "Tenant",
      kind: "text",
      required: false,
      help: "Only for a tenant of a multi-tenant manager signing in with a user name and password: the tenant account name.",
    },
  ],
  scope: { kind: "role", label: "Role", required: true },
  securityLevels: [],
  expiry: {
    kind: "picker",
    defaultDays: TREND_DEFAULT_DAYS,
    maxDays: TREND_MAX_DAYS,
    allowNever: true,
    enforcedBy: "vendor",
  },
  nameMaxLength: TREND_NAME_MAX,
  issueFields: [
    { name: "description", label: "Description", kind: "textarea", required: false, maxLength: TREND_DESCRIPTION_MAX },
    {
      name: "locale",
      label: "Locale",
      kind: "select",
      required: false,
      defaultValue: "en-US",
      options: TREND_LOCALES.map((value) => ({ value, label: value === "en-US" ? "English (US)" : "Japanese" })),
      help: "Language of the key's messages.",
    },
    {
      name: "timeZone",
      label: "Time zone",
      kind: "text",
      required: false,
      defaultValue: "UTC",
      maxLength: 64,
      pattern: "[A-Za-z0-9_+\\-/]+",
      patternMessage: "An IANA time zone such as UTC, Europe/Paris or Asia/Tokyo.",
      help: "IANA time zone the manager uses to interpret dates for this key.",
    },
  ],
  lifecycle: ["list", "update", "deactivate", "activate", "rotate", "revoke"],
  reportsLastUsed: true,
};
