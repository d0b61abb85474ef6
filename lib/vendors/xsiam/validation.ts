import { invalid, type FieldErrors } from "@/lib/errors";
import type { MintRequest } from "../types";
import { isSecurityLevel, type XsiamSecurityLevel } from "./auth";
import {
  COMMENT_MAX_LENGTH,
  MAX_ROLES,
  MIN_EXPIRY_MS,
  NAME_MAX_LENGTH,
  ROLE_NAME_MAX_LENGTH,
  maxExpiryMs,
  vendorComment,
} from "./limits";

/** A mint request checked against the adapter's capabilities, in the vendor's terms. */
export interface XsiamGenerateInput {
  roles: string[];
  securityLevel: XsiamSecurityLevel;
  /** Epoch milliseconds. */
  expiration: number;
  comment: string;
}

export interface XsiamValidationOptions {
  now?: Date;
  /** Role names the tenant is known to have; when given, unknown roles are refused up front. */
  knownRoles?: readonly string[];
}

// Control characters other than tab and newline: the vendor's UI would show them as garbage.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const utc = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/**
 * Pure check of a mint request against `xsiamAdapter.capabilities`; throws AppError 422 with
 * field errors (`name`, `scope`, `securityLevel`, `expiresAt`, `comment`) before any vendor call.
 */
export function validateXsiamMintRequest(request: MintRequest, opts: XsiamValidationOptions = {}): XsiamGenerateInput {
  const nowMs = (opts.now ?? new Date()).getTime();
  const errors: FieldErrors = {};

  const name = request.name.trim();
  if (!name) errors.name = "Enter a name for the key.";
  else if (name.length > NAME_MAX_LENGTH) errors.name = `Use at most ${NAME_MAX_LENGTH} characters.`;
  else if (/[\u0000-\u001F\u007F]/.test(name)) errors.name = "The name cannot contain control characters.";

  const roles = request.scope.map((r) => r.trim());
  const known = opts.knownRoles ? new Set(opts.knownRoles) : undefined;
  if (roles.length === 0) errors.scope = "Choose at least one role for the key.";
  else if (roles.length > MAX_ROLES) errors.scope = `Choose at most ${MAX_ROLES} roles.`;
  else if (roles.some((r) => !r || r.length > ROLE_NAME_MAX_LENGTH || CONTROL_CHARS.test(r) || r.includes("\n")))
    errors.scope = "A role name is empty or not valid.";
  else if (new Set(roles).size !== roles.length) errors.scope = "A role is chosen twice.";
  else if (known) {
    const unknown = roles.filter((r) => !known.has(r));
    if (unknown.length) errors.scope = `The tenant has no role named ${unknown.map((r) => `"${r}"`).join(", ")}.`;
  }

  const level = request.securityLevel;
  if (!isSecurityLevel(level)) errors.securityLevel = "Choose standard or advanced.";

  const expiresAt = request.expiresAt;
  const latest = maxExpiryMs(nowMs);
  if (!expiresAt) errors.expiresAt = "Choose an expiry date: XSIAM keys expire after at most six months.";
  else if (Number.isNaN(expiresAt.getTime())) errors.expiresAt = "The expiry date is not a valid date.";
  else if (expiresAt.getTime() < nowMs + MIN_EXPIRY_MS)
    errors.expiresAt = "The expiry must be at least one hour from now.";
  else if (expiresAt.getTime() > latest)
    errors.expiresAt = `XSIAM allows at most six months: choose ${utc(latest)} or earlier.`;

  const comment = (request.fields.comment ?? "").trim();
  if (comment.length > COMMENT_MAX_LENGTH) errors.comment = `Use at most ${COMMENT_MAX_LENGTH} characters.`;
  else if (CONTROL_CHARS.test(comment)) errors.comment = "The comment cannot contain control characters.";

  if (Object.keys(errors).length > 0) throw invalid("The key request is not valid for Cortex XSIAM.", errors);
  return {
    roles,
    securityLevel: level as XsiamSecurityLevel,
    expiration: expiresAt!.getTime(),
    comment: vendorComment(name, comment),
  };
}
