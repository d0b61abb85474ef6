import { invalid, type FieldErrors } from "@/lib/errors";
import type { KeyUpdate, MintRequest } from "../types";
import { TREND_DESCRIPTION_MAX, TREND_MAX_DAYS, TREND_MIN_LEAD_MS, TREND_NAME_MAX } from "./capabilities";
import { TREND_LOCALES, type ApiKeyWrite, type TrendLocale } from "./wire";

const DAY_MS = 24 * 60 * 60 * 1000;
// Control characters have no place in a display name and would garble the manager's console.
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

export interface TrendValidationOptions {
  /** Epoch ms the expiry bounds count from; defaults to now. */
  now?: number;
  /** Role ids the manager offers (from `listRoles`); when given, the chosen role must be one. */
  knownRoleIds?: string[];
}

/** True when the runtime's time zone database knows `zone` (the manager expects an IANA zone). */
function isTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function checkName(name: string, errors: FieldErrors): string {
  const trimmed = name.trim();
  if (!trimmed) errors.name = "Enter a name for the key.";
  else if (trimmed.length > TREND_NAME_MAX) errors.name = `At most ${TREND_NAME_MAX} characters.`;
  else if (CONTROL_CHARS.test(trimmed)) errors.name = "The name cannot contain control characters such as line breaks.";
  return trimmed;
}

function checkDescription(description: string | undefined, errors: FieldErrors): string | undefined {
  if (description === undefined) return undefined;
  if (description.length > TREND_DESCRIPTION_MAX) errors.description = `At most ${TREND_DESCRIPTION_MAX} characters.`;
  return description;
}

/**
 * Checks a mint request against what Trend Micro accepts and what the console allows, and
 * returns the `ApiKey` body to create. Pure: the BFF and the issue form reuse it, and the
 * adapter runs it before any vendor call. Throws AppError 422 with per-field messages.
 */
export function validateTrendMintRequest(
  request: MintRequest,
  options: TrendValidationOptions = {},
): ApiKeyWrite & { keyName: string; roleID: number } {
  const now = options.now ?? Date.now();
  const errors: FieldErrors = {};
  const keyName = checkName(request.name, errors);

  let roleID = Number.NaN;
  const [role, ...extra] = request.scope;
  if (role === undefined || role === "") errors.scope = "Choose the role the key acts with.";
  else if (extra.length > 0) errors.scope = "A Trend Micro key has exactly one role.";
  else if (!/^\d{1,15}$/.test(role)) errors.scope = "Choose a role from the list.";
  else if (options.knownRoleIds && !options.knownRoleIds.includes(role))
    errors.scope = "This role does not exist on the manager. Refresh the role list.";
  else roleID = Number(role);

  if (request.securityLevel) errors.securityLevel = "Trend Micro keys have no security levels.";

  let expiryDate: number | undefined;
  if (request.expiresAt !== undefined) {
    const at = request.expiresAt.getTime();
    if (Number.isNaN(at)) errors.expiresAt = "Pick a valid expiry date.";
    else if (at < now + TREND_MIN_LEAD_MS) errors.expiresAt = "The expiry must be at least one hour from now.";
    else if (at > now + TREND_MAX_DAYS * DAY_MS)
      errors.expiresAt = `The expiry can be at most ${TREND_MAX_DAYS} days from now.`;
    else expiryDate = at;
  }

  const description = checkDescription(request.fields.description, errors);

  const locale = request.fields.locale?.trim() || "en-US";
  if (!(TREND_LOCALES as readonly string[]).includes(locale))
    errors.locale = `Choose one of: ${TREND_LOCALES.join(", ")}.`;

  const timeZone = request.fields.timeZone?.trim() || "UTC";
  if (!isTimeZone(timeZone)) errors.timeZone = "Enter an IANA time zone such as UTC, Europe/Paris or Asia/Tokyo.";

  if (Object.keys(errors).length > 0) throw invalid("The key request is not valid for Trend Micro.", errors);

  const body: ApiKeyWrite & { keyName: string; roleID: number } = {
    keyName,
    roleID,
    locale: locale as TrendLocale,
    timeZone,
  };
  if (description) body.description = description;
  if (expiryDate !== undefined) body.expiryDate = expiryDate;
  return body;
}

/** Checks a name/description change before `POST /apikeys/{id}`, returning the partial body. */
export function validateTrendUpdate(change: KeyUpdate): ApiKeyWrite {
  const errors: FieldErrors = {};
  const body: ApiKeyWrite = {};
  if (change.name !== undefined) body.keyName = checkName(change.name, errors);
  if (change.description !== undefined) body.description = checkDescription(change.description, errors);
  if (Object.keys(body).length === 0) errors.name = "Change the name or the description.";
  if (Object.keys(errors).length > 0) throw invalid("The change is not valid for Trend Micro.", errors);
  return body;
}

/** Key ids go into URL paths; the API only has numeric ids (`\d+`, SDK validation). */
export function checkKeyId(vendorKeyId: string): string {
  if (!/^\d{1,15}$/.test(vendorKeyId))
    throw invalid(`"${vendorKeyId.slice(0, 40)}" is not a Trend Micro API key id (a number).`, {
      vendorKeyId: "Must be a number.",
    });
  return vendorKeyId;
}
