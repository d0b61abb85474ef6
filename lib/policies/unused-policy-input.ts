import { z } from "zod";
import { UNUSED_POLICY_BOUNDS, UNUSED_POLICY_MAX_DAYS, UNUSED_POLICY_MIN_DAYS } from "./unused-policy-limits";

/**
 * The team's "revoke keys unused for N days" policy as the BFF reads it: a whole number of days
 * in bounds, or null (also "" from an emptied field) for off. The 7-day floor is the reminder's
 * notice: a shorter limit would revoke before the owner could act on the reminder.
 */
export const unusedPolicyBodySchema = z.object({
  revokeUnusedAfterDays: z.preprocess(
    (v) => (v === "" ? null : typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
    z
      .number({ error: UNUSED_POLICY_BOUNDS })
      .int(UNUSED_POLICY_BOUNDS)
      .min(UNUSED_POLICY_MIN_DAYS, UNUSED_POLICY_BOUNDS)
      .max(UNUSED_POLICY_MAX_DAYS, UNUSED_POLICY_BOUNDS)
      .nullable(),
  ),
});
export type UnusedPolicy = z.infer<typeof unusedPolicyBodySchema>;
