import { z } from "zod";
import type { VendorCapabilities } from "@/lib/vendors/types";

/**
 * The issue form's input and its checks against a vendor's capabilities. Pure and free of
 * server imports: the form runs the same checks before submitting, so a user sees the same
 * message in the browser and from the BFF.
 */
export const issueKeyBodySchema = z.object({
  connectionId: z.string().uuid("Choose a connection."),
  name: z.string().trim().min(1, "Give the key a name so you can recognise it later."),
  scope: z.array(z.string().min(1)).default([]),
  securityLevel: z.string().optional(),
  /** ISO date-time, or null for "never" where the vendor allows it. Absent when the vendor fixes the expiry. */
  expiresAt: z.string().datetime({ offset: true, error: "Pick a valid expiry date." }).nullable().optional(),
  fields: z.record(z.string(), z.string().max(4000)).default({}),
});
export type IssueKeyBody = z.infer<typeof issueKeyBodySchema>;

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

  const scopeLabel = caps.scope.label.toLowerCase();
  if (caps.scope.kind === "none" && body.scope.length > 0)
    errors.scope = `${caps.displayName} keys have no ${scopeLabel} to choose.`;
  if (caps.scope.required && body.scope.length === 0)
    errors.scope = `Choose ${caps.scope.kind === "roles" ? "at least one" : /^[aeiou]/.test(scopeLabel) ? "an" : "a"} ${scopeLabel}.`;
  if ((caps.scope.kind === "role" || caps.scope.kind === "environment") && body.scope.length > 1)
    errors.scope = `Choose only one ${scopeLabel}.`;

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
