import { z } from "zod";
import { TEAM_ROLES, type TeamRole } from "@/lib/auth/permissions";

/**
 * A connection's policy as the editor and the BFF see it. Pure and free of server imports, so
 * the policy editor shows the same messages the BFF answers with. Whatever grants power is
 * named explicitly: roles by name (or `anyScope`), the connection's own account, "never".
 */
const grantInputSchema = z.object({
  teamRole: z.enum(TEAM_ROLES as [TeamRole, ...TeamRole[]]),
  scopes: z.array(z.string().trim().min(1)).max(200).default([]),
  anyScope: z.boolean().default(false),
  ownAccount: z.boolean().default(false),
  securityLevels: z.array(z.string().min(1)).max(20).default([]),
  defaultDays: z.number().int().positive("Use a whole number of days.").nullable().default(null),
  maxDays: z.number().int().positive("Use a whole number of days.").nullable().default(null),
  allowNever: z.boolean().default(false),
  requiresApproval: z.boolean(),
});
export type GrantInput = z.infer<typeof grantInputSchema>;

export const grantsBodySchema = z.object({ grants: z.array(grantInputSchema).max(50) });
