import { invalid, type FieldErrors } from "@/lib/errors";
import type { KeyUpdate, MintRequest, VendorRole } from "../types";
import { RANCHER_DESCRIPTION_MAX_LENGTH, RANCHER_NAME_MAX_LENGTH } from "./capabilities";

/**
 * Checks a mint request against Rancher's own rules before any call, so that a request the
 * vendor would refuse fails with field errors in the form instead of a vendor error. Pure:
 * the BFF and the issue form can both run it.
 */

// Control characters would break the `.netrc` and shell snippets built from the name's key.
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
// Cattle ids are short alphanumerics (`1a5`); anything else cannot be a project id.
const ENVIRONMENT_ID = /^[0-9a-z]{1,32}$/i;

export interface RancherValidationContext {
  /** The environments `listRoles` returned, when the caller has them: the scope must be one of them. */
  environments?: VendorRole[];
}

function nameError(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return "Enter a name for the key.";
  if (trimmed.length > RANCHER_NAME_MAX_LENGTH)
    return `Rancher keeps at most ${RANCHER_NAME_MAX_LENGTH} characters of a key name.`;
  if (CONTROL_CHARS.test(trimmed)) return "The name cannot contain control characters (tabs, line breaks…).";
  return undefined;
}

function descriptionError(description: string | undefined): string | undefined {
  if (description === undefined) return undefined;
  if (description.length > RANCHER_DESCRIPTION_MAX_LENGTH)
    return `Rancher keeps at most ${RANCHER_DESCRIPTION_MAX_LENGTH} characters of a description.`;
  return undefined;
}

export function validateRancherMintRequest(request: MintRequest, context: RancherValidationContext = {}): void {
  const fields: FieldErrors = {};
  const name = nameError(request.name);
  if (name) fields.name = name;

  if (request.scope.length !== 1) {
    fields.scope = "Choose exactly one environment.";
  } else {
    const environmentId = request.scope[0]!;
    if (!ENVIRONMENT_ID.test(environmentId)) fields.scope = "That is not a Rancher environment id (such as 1a5).";
    else if (context.environments && !context.environments.some((e) => e.id === environmentId)) {
      fields.scope = "The connection's account cannot see that environment. Refresh the list and choose another.";
    }
  }

  if (request.securityLevel) fields.securityLevel = "Rancher API keys have no security levels.";
  // Rancher keys have no expiry of their own: Keyward revokes them at this time (keys.expire-due).
  if (request.expiresAt !== undefined && request.expiresAt.getTime() <= Date.now())
    fields.expiresAt = "Pick an expiry in the future: Keyward deactivates and deletes the key then.";

  const description = descriptionError(request.fields.description);
  if (description) fields.description = description;

  if (Object.keys(fields).length > 0) throw invalid("The key request does not fit Rancher's rules.", fields);
}

/** The same rules for an edit of name and description. */
export function validateRancherKeyUpdate(change: KeyUpdate): void {
  const fields: FieldErrors = {};
  if (change.name !== undefined) {
    const name = nameError(change.name);
    if (name) fields.name = name;
  }
  const description = descriptionError(change.description);
  if (description) fields.description = description;
  if (change.name === undefined && change.description === undefined)
    fields.name = "Change the name or the description.";
  if (Object.keys(fields).length > 0) throw invalid("The change does not fit Rancher's rules.", fields);
}
