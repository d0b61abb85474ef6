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

/** The vendor's expiry rule narrowed to what a grant allows, for the request form's picker. */
export function boundedExpiry(caps: VendorCapabilities, e: Entitlement): VendorCapabilities["expiry"] {
  if (caps.expiry.kind !== "picker" || e.maxDays === null) return caps.expiry;
  return {
    ...caps.expiry,
    defaultDays: e.defaultDays ?? Math.min(caps.expiry.defaultDays, e.maxDays),
    maxDays: e.maxDays,
    allowNever: e.allowNever,
  };
}

function grantsFor(grants: Grant[], role: TeamRole): Grant[] {
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
function grantRefusal(caps: VendorCapabilities, g: Grant, req: RequestShape, now = new Date()): string | null {
  const e = entitlement(caps, g);
  const outside = req.scope.filter((s) => !e.scopes.includes(s));
  // A restricted grant also rules out "no role", which on some vendors means the connection's own account.
  if (e.scopes.length && caps.scope.kind !== "none" && req.scope.length === 0)
    return `Your role must choose a ${caps.scope.label.toLowerCase()} among ${e.scopes.join(", ")} on this connection.`;
  if (e.scopes.length && outside.length)
    return `Your role may not request the ${caps.scope.label.toLowerCase()} ${outside.join(", ")} on this connection.`;
  if (e.securityLevels.length && !e.securityLevels.includes(req.securityLevel ?? ""))
    return `Your role may request only the security level ${e.securityLevels.join(" or ")} on this connection.`;
  if (e.maxDays !== null) {
    if (req.expiresAt === null) {
      if (!e.allowNever) return `Keys on this connection must expire within ${e.maxDays} days.`;
    } else if (
      req.expiresAt !== undefined &&
      new Date(req.expiresAt).getTime() > now.getTime() + e.maxDays * DAY_MS + CLOCK_SLACK_MS
    ) {
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
export function evaluateRequest(
  caps: VendorCapabilities,
  grants: Grant[],
  role: TeamRole,
  req: RequestShape,
  now = new Date(),
): Evaluation {
  const mine = grantsFor(grants, role).sort((a, b) => Number(a.requiresApproval) - Number(b.requiresApproval));
  if (mine.length === 0)
    return { ok: false, reason: `The policy of this connection does not let your role (${role}) request keys.` };
  let firstReason: string | null = null;
  for (const g of mine) {
    const reason = grantRefusal(caps, g, req, now);
    if (reason === null) return { ok: true, grant: g };
    firstReason ??= reason;
  }
  return { ok: false, reason: firstReason! };
}

/**
 * What a role may choose on a connection across all its grants, for the request form. The
 * BFF still picks the one grant that covers the actual request (evaluateRequest).
 */
export function roleEntitlement(caps: VendorCapabilities, grants: Grant[], role: TeamRole): Entitlement | null {
  const all = grantsFor(grants, role).map((g) => entitlement(caps, g));
  if (all.length === 0) return null;
  const union = (lists: string[][]) => (lists.some((l) => l.length === 0) ? [] : [...new Set(lists.flat())]);
  const maxima = all.map((e) => e.maxDays);
  return {
    grantId: all[0]!.grantId,
    scopes: union(all.map((e) => e.scopes)),
    securityLevels: union(all.map((e) => e.securityLevels)),
    defaultDays: all[0]!.defaultDays,
    maxDays: maxima.some((m) => m === null) ? null : Math.max(...(maxima as number[])),
    allowNever: all.some((e) => e.allowNever),
    requiresApproval: all.every((e) => e.requiresApproval),
  };
}
