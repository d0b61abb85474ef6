import type { VendorCapabilities } from "@/lib/vendors/types";
import type { ConnectionBody } from "./input";

// The connection form's checks, run in the browser and again by the BFF (without zod, so the
// browser bundle stays small).

/** Checks the base URL: HTTPS only, no credentials or query in it. */
export function baseUrlError(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "This is not a valid URL. Use the form https://host[:port], e.g. https://192.0.2.10.";
  }
  if (url.protocol !== "https:") return "Use https://: Keyward only sends vendor credentials over TLS.";
  if (url.username || url.password) return "Do not put credentials in the URL; use the fields below.";
  if (url.search || url.hash) return "Remove the query string or fragment from the base URL.";
  return undefined;
}

/**
 * Checks settings and secrets against the vendor's declared connection fields.
 * `storedSecrets` names secrets already on file (an update may leave those blank).
 */
export function connectionFieldErrors(
  caps: VendorCapabilities,
  body: ConnectionBody,
  storedSecrets: ReadonlySet<string> = new Set(),
  now: Date = new Date(),
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of caps.connectionFields) {
    const value = (field.kind === "secret" ? body.secrets[field.name] : body.settings[field.name])?.trim() ?? "";
    const key = `${field.kind === "secret" ? "secrets" : "settings"}.${field.name}`;
    if (field.required && !value && !(field.kind === "secret" && storedSecrets.has(field.name))) {
      errors[key] = `${field.label} is required.`;
    }
    if (field.kind === "select" && value && field.options && !field.options.some((o) => o.value === value)) {
      errors[key] = `Choose one of: ${field.options.map((o) => o.label).join(", ")}.`;
    }
    if (field.kind === "date" && value) {
      const error = dateFieldError(field, value, now);
      if (error) errors[key] = error;
    }
  }
  return errors;
}

const DAY_MS = 86_400_000;

/** A date field's value as the start of that day, UTC; null when it is not a YYYY-MM-DD calendar date. */
export function parseDateField(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const at = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== value ? null : at;
}

function dateFieldError(field: { label: string; maxDaysAhead?: number }, value: string, now: Date): string | undefined {
  const at = parseDateField(value.trim());
  if (!at) return `${field.label}: enter a date like 2027-03-31.`;
  if (at.getTime() <= now.getTime()) return `${field.label}: the date has passed; enter a date in the future.`;
  if (field.maxDaysAhead !== undefined && at.getTime() - now.getTime() > (field.maxDaysAhead + 1) * DAY_MS)
    return `${field.label}: at most ${field.maxDaysAhead} days ahead (${new Date(now.getTime() + field.maxDaysAhead * DAY_MS).toISOString().slice(0, 10)}); the vendor allows no longer.`;
  return undefined;
}
