import type { VendorCapabilities } from "@/lib/vendors/types";
import type { GrantInput } from "@/lib/policies/grant-input";

/**
 * The demo team's policy on a seeded connection, named explicitly so the demo works out of the
 * box without the permissive defaults: admins may issue any role and the connection's own
 * account at once; members may request the seeded least-privilege roles (and, where every key is
 * the account's own, as on Expedition, that account), with approval. Nobody gets "never".
 */
export function demoGrants(caps: VendorCapabilities, memberScopes: string[]): GrantInput[] {
  const picker = caps.expiry.kind === "picker" ? caps.expiry : null;
  const scoped = caps.scope.kind !== "none";
  const common = { securityLevels: [], defaultDays: picker?.defaultDays ?? null, allowNever: false };
  return [
    {
      teamRole: "admin",
      ...common,
      scopes: [],
      anyScope: scoped,
      ownAccount: Boolean(caps.scope.ownAccount),
      maxDays: null,
      requiresApproval: false,
    },
    {
      teamRole: "member",
      ...common,
      scopes: scoped ? memberScopes : [],
      anyScope: false,
      ownAccount: caps.scope.ownAccount === "always",
      maxDays: picker?.maxDays ?? null,
      requiresApproval: true,
    },
  ];
}
