import type { VendorCapabilities } from "@/lib/vendors/types";
import { type GrantInput } from "@/lib/policies/grant-input";
import { vendorAllowsNever } from "@/lib/policies/grant-checks";

/**
 * The demo team's policy on a seeded connection, named explicitly so the demo works out of the
 * box without the permissive defaults: admins may issue any role, the connection's own account
 * and (where the vendor allows it) keys that never expire, at once; members may request the
 * seeded least-privilege roles (and, where every key is the account's own, as on Expedition,
 * that account), with approval, and every key of theirs expires.
 */
export function demoGrants(caps: VendorCapabilities, memberScopes: string[]): GrantInput[] {
  const picker = caps.expiry.kind === "picker" ? caps.expiry : null;
  const scoped = caps.scope.kind !== "none";
  const common = { securityLevels: [], defaultDays: picker?.defaultDays ?? null };
  return [
    {
      teamRole: "admin",
      ...common,
      scopes: [],
      anyScope: scoped,
      ownAccount: Boolean(caps.scope.ownAccount),
      allowNever: vendorAllowsNever(caps),
      maxDays: null,
      requiresApproval: false,
    },
    {
      teamRole: "member",
      ...common,
      scopes: scoped ? memberScopes : [],
      anyScope: false,
      ownAccount: caps.scope.ownAccount === "always",
      allowNever: false,
      maxDays: picker?.maxDays ?? null,
      requiresApproval: true,
    },
  ];
}
