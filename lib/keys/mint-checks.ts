import type { VendorCapabilities } from "@/lib/vendors/types";
import { scopeWords, withArticle } from "@/lib/words";
import type { IssueKeyBody } from "./mint-input";

// The issue form's checks against the vendor's capabilities, run in the browser and again by the
// BFF; apart from the zod schema so the browser bundle carries no zod.

const DAY_MS = 24 * 60 * 60 * 1000;
// The form computes dates a moment before the BFF checks them.
const CLOCK_SLACK_MS = 10 * 60 * 1000;

export function mintInputErrors(
  caps: VendorCapabilities,
  body: IssueKeyBody,
  now = new Date(),
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (body.name.trim().length > caps.nameMaxLength)
    errors.name = `Keep the name to ${caps.nameMaxLength} characters or fewer.`;

  const scope = scopeWords(caps.scope);
  if (caps.scope.kind === "none" && body.scope.length > 0)
    errors.scope = `${caps.displayName} keys have no ${scope.one} to choose.`;
  if (caps.scope.required && body.scope.length === 0)
    errors.scope = `Choose ${caps.scope.kind === "roles" ? `at least one ${scope.one}` : withArticle(scope.one)}.`;
  if ((caps.scope.kind === "role" || caps.scope.kind === "environment") && body.scope.length > 1)
    errors.scope = `Choose only one ${scope.one}.`;

  if (caps.securityLevels.length === 0) {
    if (body.securityLevel) errors.securityLevel = `${caps.displayName} keys have no security level.`;
  } else if (!caps.securityLevels.some((l) => l.value === body.securityLevel)) {
    errors.securityLevel = `Choose a security level: ${caps.securityLevels.map((l) => l.label).join(" or ")}.`;
  }

  const rule = caps.expiry;
  if (rule.kind !== "picker") {
    if (body.expiresAt) errors.expiresAt = `${caps.displayName} decides this key's lifetime; no expiry can be chosen.`;
  } else if (body.expiresAt === null || body.expiresAt === undefined) {
    if (!rule.allowNever) errors.expiresAt = `Pick an expiry date within ${rule.maxDays} days.`;
  } else {
    const at = new Date(body.expiresAt).getTime();
    if (at <= now.getTime()) errors.expiresAt = "The expiry date must be in the future.";
    else if (at > now.getTime() + rule.maxDays * DAY_MS + CLOCK_SLACK_MS)
      errors.expiresAt = `${caps.displayName} allows at most ${rule.maxDays} days; pick an earlier date.`;
  }

  for (const field of caps.issueFields) {
    const value = body.fields[field.name] ?? "";
    if (field.required && !value.trim()) errors[`fields.${field.name}`] = `${field.label} is required.`;
    else if (field.maxLength && value.length > field.maxLength)
      errors[`fields.${field.name}`] = `${field.label} must be ${field.maxLength} characters or fewer.`;
    else if (value && field.pattern && !new RegExp(`^(?:${field.pattern})$`).test(value))
      errors[`fields.${field.name}`] = field.patternMessage ?? `${field.label} has characters that are not allowed.`;
    else if (value && field.options && !field.options.some((o) => o.value === value))
      errors[`fields.${field.name}`] = `Choose a listed ${field.label.toLowerCase()}.`;
  }
  for (const name of Object.keys(body.fields)) {
    if (!caps.issueFields.some((f) => f.name === name))
      errors[`fields.${name}`] = `${caps.displayName} keys have no "${name}" setting.`;
  }
  return errors;
}
