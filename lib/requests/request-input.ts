import { z } from "zod";
import { issueKeyBodySchema } from "@/lib/keys/mint-input";
import { REASON_REQUIRED } from "./reason";

/** Inputs of the request flow. Pure: the forms run the same schemas as the BFF. */

export const requestBodySchema = issueKeyBodySchema.extend({
  reason: z
    .string({ error: REASON_REQUIRED })
    .trim()
    .min(1, REASON_REQUIRED)
    .max(1000, "Keep the reason to 1000 characters or fewer."),
});
export type RequestBody = z.infer<typeof requestBodySchema>;

/** The admin's one-step form: the reason is checked after the connection is found, so an unknown id still answers 404. */
export const directIssueBodySchema = issueKeyBodySchema.extend({
  reason: z.string().trim().max(1000, "Keep the reason to 1000 characters or fewer.").optional(),
});
export type DirectIssueBody = z.infer<typeof directIssueBodySchema>;

export const approveBodySchema = z.object({
  /** A shorter expiry than requested; absent keeps the requested one. */
  expiresAt: z.string().datetime({ offset: true, error: "Pick a valid expiry date." }).optional(),
});
export type ApproveBody = z.infer<typeof approveBodySchema>;

export const denyBodySchema = z.object({
  reason: z
    .string({ error: "Say why the request is denied; the requester sees it." })
    .trim()
    .min(1, "Say why the request is denied; the requester sees it.")
    .max(1000),
});
export type DenyBody = z.infer<typeof denyBodySchema>;

export const REQUEST_STATUSES = ["pending", "approved", "denied", "cancelled", "lapsed", "issued"] as const;
