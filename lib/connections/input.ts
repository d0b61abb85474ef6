import { z } from "zod";

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
