import { z } from "zod";
import type { VendorCapabilities } from "@/lib/vendors/types";

export const connectionBodySchema = z.object({
  vendor: z.string().min(1, "Choose a vendor."),
  name: z.string().trim().min(1, "Give the connection a name.").max(80, "Keep the name under 80 characters."),
  baseUrl: z.string().trim().min(1, "Enter the base URL, e.g. https://firewall.example.com."),
  tlsMode: z.enum(["system", "ca", "fingerprint", "insecure"], {
    error: "Choose how to trust the device's certificate.",
  }),
  caPem: z.string().max(100_000).optional(),
  fingerprint: z.string().max(200).optional(),
  acknowledgeInsecure: z.boolean().optional(),
  settings: z.record(z.string(), z.string().max(2000)).default({}),
  /** On update, a secret left blank keeps the stored one. */
  secrets: z.record(z.string(), z.string().max(4096)).default({}),
});
export type ConnectionBody = z.infer<typeof connectionBodySchema>;

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
  }
  return errors;
}
