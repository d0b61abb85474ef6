import { z } from "zod";

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
