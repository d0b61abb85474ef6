import type { VendorCapabilities } from "@/lib/vendors/types";
import type { TeamRole } from "@/lib/auth/permissions";
import type { GrantInput } from "./grant-input";

/** A stored grant as evaluation sees it. */
export type Grant = GrantInput & { id: string };

const DAY_MS = 24 * 60 * 60 * 1000;
// The form computes dates a moment before the BFF checks them (as in lib/keys/mint-input.ts).
const CLOCK_SLACK_MS = 10 * 60 * 1000;

export interface RequestShape {
  scope: string[];
  securityLevel?: string | null;
  /** ISO instant; null for "never"; undefined where the vendor fixes the expiry. */
  expiresAt?: string | null;
}

/** What one grant lets a role choose, for the request form and the approvals queue. */
export interface Entitlement {
  grantId: string;
  scopes: string[];
  securityLevels: string[];
  defaultDays: number | null;
  /** The effective maximum: the grant's, else the vendor's; null where the vendor fixes expiry. */
  maxDays: number | null;
  allowNever: boolean;
  requiresApproval: boolean;
}

export function grantsFor(grants: Grant[], role: TeamRole): Grant[] {
  return grants.filter((g) => g.teamRole === role);
}

export function entitlement(caps: VendorCapabilities, g: Grant): Entitlement {
  const picker = caps.expiry.kind === "picker" ? caps.expiry : null;
  return {
    grantId: g.id,
    scopes: g.scopes,
    securityLevels: g.securityLevels,
    defaultDays: picker ? Math.min(g.defaultDays ?? picker.defaultDays, g.maxDays ?? picker.maxDays) : null,
    maxDays: picker ? Math.min(g.maxDays ?? picker.maxDays, picker.maxDays) : null,
    allowNever: Boolean(picker?.allowNever && g.maxDays === null),
    requiresApproval: g.requiresApproval,
  };
}

/** Why one grant does not cover the request, or null when it does. */
export function grantRefusal(caps: VendorCapabilities, g: Grant, req: RequestShape, now = new Date()): string | null {
  const e = entitlement(caps, g);
  const outside = req.scope.filter((s) => !e.scopes.includes(s));
  if (e.scopes.length && outside.length) return `Your role may not request the ${caps.scope.label.toLowerCase()} ${outside.join(", ")} on this connection.`;
  if (e.securityLevels.length && !e.securityLevels.includes(req.securityLevel ?? "")) return `Your role may request only the security level ${e.securityLevels.join(" or ")} on this connection.`;
  if (e.maxDays !== null) {
    if (req.expiresAt === null) {
      if (!e.allowNever) return `Keys on this connection must expire within ${e.maxDays} days.`;
    } else if (req.expiresAt !== undefined && new Date(req.expiresAt).getTime() > now.getTime() + e.maxDays * DAY_MS + CLOCK_SLACK_MS) {
      return `Your role may request keys for at most ${e.maxDays} days on this connection.`;
    }
  }
  return null;
}

export type Evaluation = { ok: true; grant: Grant } | { ok: false; reason: string };

/**
 * Which grant covers a request by a team role: an auto-approving one if any covers it, else one
 * that needs approval; otherwise the reason the first grant refused it.
 */
export function evaluateRequest(caps: VendorCapabilities, grants: Grant[], role: TeamRole, req: RequestShape, now = new Date()): Evaluation {
  const mine = grantsFor(grants, role).sort((a, b) => Number(a.requiresApproval) - Number(b.requiresApproval));
  if (mine.length === 0) return { ok: false, reason: `The policy of this connection does not let your role (${role}) request keys.` };
  let firstReason: string | null = null;
  for (const g of mine) {
    const reason = grantRefusal(caps, g, req, now);
    if (reason === null) return { ok: true, grant: g };
    firstReason ??= reason;
  }
  return { ok: false, reason: firstReason! };
}
