import { invalid, type FieldErrors } from "@/lib/errors";
import type { MintRequest } from "../types";
import { PANOS_NAME_MAX_LENGTH, PANRC_TAG_MAX_LENGTH, PANRC_TAG_PATTERN } from "./capabilities";

/**
 * Checks a mint request against the PAN-OS capabilities before anything is sent to the
 * firewall. Pure, so the BFF and the issue form share it.
 */

/** PAN-OS object names (admin role profiles, administrators) are at most 31 characters. */
const PANOS_OBJECT_NAME_MAX = 31;
/** Start alphanumeric; then letters, digits, space, `.`, `_`, `-`. Never a quote, so XPaths stay well-formed. */
const PANOS_ROLE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;

const ADMIN_PREFIX = "keyward-";
const ADMIN_SUFFIX_LENGTH = 6;
// 31 = prefix + slug + "-" + suffix.
const ADMIN_SLUG_MAX = PANOS_OBJECT_NAME_MAX - ADMIN_PREFIX.length - 1 - ADMIN_SUFFIX_LENGTH;

export interface ValidPanosMintRequest {
  name: string;
  /** The admin role profile for a per-key administrator; undefined = the connection's own account. */
  role?: string;
  tag: string;
}

export function validatePanosMintRequest(request: MintRequest): ValidPanosMintRequest {
  const errors: FieldErrors = {};
  const name = request.name.trim();
  if (name.length === 0) errors.name = "Give the key a name.";
  else if (name.length > PANOS_NAME_MAX_LENGTH) errors.name = `Use at most ${PANOS_NAME_MAX_LENGTH} characters.`;
  else if (/[\u0000-\u001f\u007f]/.test(name)) errors.name = "The name cannot contain control characters.";

  if (request.scope.length > 1) errors.scope = "Pick at most one admin role profile.";
  const role = request.scope[0];
  if (role !== undefined && !errors.scope) {
    if (role.length === 0 || role.length > PANOS_OBJECT_NAME_MAX || !PANOS_ROLE_NAME_PATTERN.test(role)) {
      errors.scope = `"${role.slice(0, 40)}" is not a PAN-OS admin role profile name (at most ${PANOS_OBJECT_NAME_MAX} letters, digits, spaces, dots, underscores or hyphens).`;
    }
  }

  if (request.securityLevel) errors.securityLevel = "PAN-OS keys have no security levels.";
  // PAN-OS keys have no expiry of their own: Keyward revokes them at this time (keys.expire-due).
  if (request.expiresAt !== undefined && request.expiresAt.getTime() <= Date.now()) {
    errors.expiresAt = "Pick an expiry in the future: Keyward deletes the key's administrator then.";
  }

  const tag = request.fields.tag ?? "";
  if (tag.length > PANRC_TAG_MAX_LENGTH) errors.tag = `Use at most ${PANRC_TAG_MAX_LENGTH} characters.`;
  else if (!new RegExp(PANRC_TAG_PATTERN).test(tag))
    errors.tag = "Use letters, digits, underscores and hyphens only (pan-python's tag rule).";

  if (Object.keys(errors).length > 0) throw invalid("The key request is not valid for a PAN-OS firewall.", errors);
  return { name, role, tag };
}

/** A PAN-OS-safe slug of the key name: lower case, `[a-z0-9-]`, short enough for a 31-character admin name. */
function adminSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents fall off: "Ü" → "u"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, ADMIN_SLUG_MAX)
    .replace(/^-+|-+$/g, "");
  return slug || "key";
}

/** `keyward-<slug>-<6 random chars>`, always a valid PAN-OS administrator name of at most 31 characters. */
export function adminNameFor(keyName: string, random: string): string {
  const suffix = random
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")
    .padEnd(ADMIN_SUFFIX_LENGTH, "0")
    .slice(0, ADMIN_SUFFIX_LENGTH);
  return `${ADMIN_PREFIX}${adminSlug(keyName)}-${suffix}`;
}
