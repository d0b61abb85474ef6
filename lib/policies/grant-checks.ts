import type { VendorCapabilities } from "@/lib/vendors/types";
import type { GrantInput } from "./grant-input";
import { scopeWords } from "@/lib/words";

// What a grant may say for a vendor, and the defaults a new connection gets; checked by the policy
// editor and again by the BFF, apart from the zod schema so the browser bundle carries no zod.

/** Whether a vendor's keys can live without an expiry at all (the vendor allows it, or has none). */
export function vendorAllowsNever(caps: VendorCapabilities): boolean {
  return caps.expiry.kind === "none" || (caps.expiry.kind === "picker" && caps.expiry.allowNever);
}

/** Grant bounds never exceed what the vendor itself offers; each error is keyed `grants.<i>.<field>`. */
export function grantErrors(caps: VendorCapabilities, grants: GrantInput[]): Record<string, string> {
  const errors: Record<string, string> = {};
  grants.forEach((g, i) => {
    const at = (field: string) => `grants.${i}.${field}`;
    if (caps.scope.kind === "none" && (g.scopes.length > 0 || g.anyScope))
      errors[at("scopes")] = `${caps.displayName} keys have no ${scopeWords(caps.scope).one} to restrict.`;
    if (g.ownAccount && !caps.scope.ownAccount)
      errors[at("ownAccount")] = `${caps.displayName} keys are each a key of their own; there is no own-account key.`;
    const unknown = g.securityLevels.filter((l) => !caps.securityLevels.some((c) => c.value === l));
    if (unknown.length)
      errors[at("securityLevels")] = caps.securityLevels.length
        ? `Choose among ${caps.securityLevels.map((l) => l.value).join(", ")}.`
        : `${caps.displayName} keys have no security level.`;
    if (g.allowNever && !vendorAllowsNever(caps))
      errors[at("allowNever")] = `${caps.displayName} keys always expire; a grant cannot allow “never”.`;
    else if (g.allowNever && g.maxDays !== null)
      errors[at("allowNever")] =
        "Keys that may never expire have no maximum: clear the maximum, or do not allow “never”.";
    const rule = caps.expiry;
    if (rule.kind !== "picker") {
      // The maximum still applies (a request for a longer fixed lifetime is refused); a default has nothing to pick.
      if (g.defaultDays !== null)
        errors[at("defaultDays")] = `${caps.displayName} decides the key lifetime; a grant cannot set a default.`;
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

/**
 * The policy a new connection starts with: admins issue at once, members need an approval, and
 * neither grant names a role, the connection's own account or "never" until an admin picks them
 * in the policy editor — so no administrator-level vendor role is ever granted by default.
 */
export function defaultGrants(caps: VendorCapabilities): GrantInput[] {
  const picker = caps.expiry.kind === "picker" ? caps.expiry : null;
  const none = { scopes: [], anyScope: false, ownAccount: false, securityLevels: [], allowNever: false };
  return [
    { teamRole: "admin", ...none, defaultDays: picker?.defaultDays ?? null, maxDays: null, requiresApproval: false },
    {
      teamRole: "member",
      ...none,
      defaultDays: picker?.defaultDays ?? null,
      maxDays: picker?.maxDays ?? null,
      requiresApproval: true,
    },
  ];
}

/** Whether a grant (or a role's entitlement) lets its role ask for anything at all on the connection. */
export function grantNamesSomething(
  caps: VendorCapabilities,
  g: Pick<GrantInput, "scopes" | "anyScope" | "ownAccount">,
): boolean {
  if (g.ownAccount) return true;
  return caps.scope.kind !== "none" && (g.anyScope || g.scopes.length > 0);
}

/** What a grant must name before its role can ask for anything, for the editor's and the forms' notices. */
export function grantableNoun(caps: VendorCapabilities): string {
  if (caps.scope.kind === "none") return "connection's own account";
  return `${scopeWords(caps.scope).many}${caps.scope.ownAccount ? " (or the connection's own account)" : ""}`;
}
