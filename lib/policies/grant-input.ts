import { z } from "zod";
import type { VendorCapabilities } from "@/lib/vendors/types";
import { TEAM_ROLES, type TeamRole } from "@/lib/auth/permissions";

/**
 * A connection's policy as the editor and the BFF see it. Pure and free of server imports, so
 * the policy editor shows the same messages the BFF answers with.
 */
const grantInputSchema = z.object({
  teamRole: z.enum(TEAM_ROLES as [TeamRole, ...TeamRole[]]),
  scopes: z.array(z.string().trim().min(1)).max(200).default([]),
  securityLevels: z.array(z.string().min(1)).max(20).default([]),
  defaultDays: z.number().int().positive("Use a whole number of days.").nullable().default(null),
  maxDays: z.number().int().positive("Use a whole number of days.").nullable().default(null),
  requiresApproval: z.boolean(),
});
export type GrantInput = z.infer<typeof grantInputSchema>;

export const grantsBodySchema = z.object({ grants: z.array(grantInputSchema).max(50) });

/** Grant bounds never exceed what the vendor itself offers; each error is keyed `grants.<i>.<field>`. */
export function grantErrors(caps: VendorCapabilities, grants: GrantInput[]): Record<string, string> {
  const errors: Record<string, string> = {};
  grants.forEach((g, i) => {
    const at = (field: string) => `grants.${i}.${field}`;
    if (caps.scope.kind === "none" && g.scopes.length > 0)
      errors[at("scopes")] = `${caps.displayName} keys have no ${caps.scope.label.toLowerCase()} to restrict.`;
    const unknown = g.securityLevels.filter((l) => !caps.securityLevels.some((c) => c.value === l));
    if (unknown.length)
      errors[at("securityLevels")] = caps.securityLevels.length
        ? `Choose among ${caps.securityLevels.map((l) => l.value).join(", ")}.`
        : `${caps.displayName} keys have no security level.`;
    const rule = caps.expiry;
    if (rule.kind !== "picker") {
      if (g.defaultDays !== null || g.maxDays !== null)
        errors[at("maxDays")] = `${caps.displayName} decides the key lifetime; a grant cannot set one.`;
      return;
    }
    if (g.maxDays !== null && g.maxDays > rule.maxDays)
      errors[at("maxDays")] = `${caps.displayName} allows at most ${rule.maxDays} days.`;
    const ceiling = g.maxDays ?? rule.maxDays;
    if (g.defaultDays !== null && g.defaultDays > ceiling)
      errors[at("defaultDays")] = `The default lifetime cannot exceed the maximum (${ceiling} days).`;
  });
  return errors;
}

/** The policy a new connection starts with: admins issue at once, members need an approval. */
export function defaultGrants(caps: VendorCapabilities): GrantInput[] {
  const picker = caps.expiry.kind === "picker" ? caps.expiry : null;
  return [
    {
      teamRole: "admin",
      scopes: [],
      securityLevels: [],
      defaultDays: picker?.defaultDays ?? null,
      maxDays: null,
      requiresApproval: false,
    },
    {
      teamRole: "member",
      scopes: [],
      securityLevels: [],
      defaultDays: picker?.defaultDays ?? null,
      maxDays: picker?.maxDays ?? null,
      requiresApproval: true,
    },
  ];
}
