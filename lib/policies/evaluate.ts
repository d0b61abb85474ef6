import type { VendorCapabilities } from "@/lib/vendors/types";
import type { TeamRole } from "@/lib/auth/permissions";
import { type GrantInput } from "./grant-input";
import { vendorAllowsNever } from "./grant-checks";
import { isOwnAccountKey } from "./own-account";
import { scopeWords, withArticle } from "@/lib/words";

/** A stored grant as evaluation sees it. */
export type Grant = GrantInput & { id: string };

const DAY_MS = 24 * 60 * 60 * 1000;
// The form computes dates a moment before the BFF checks them (as in lib/keys/mint-input.ts).
const CLOCK_SLACK_MS = 10 * 60 * 1000;

export interface RequestShape {
  scope: string[];
  securityLevel?: string | null;
  /** ISO instant; null for "never"; undefined where the vendor fixes the expiry (on a picker vendor: "never"). */
  expiresAt?: string | null;
}

/** What one grant lets a role choose, for the request form and the approvals queue. */
export interface Entitlement {
  grantId: string;
  /** Roles / environments named; `anyScope` widens it to any the vendor lists. */
  scopes: string[];
  anyScope: boolean;
  /** Whether a key of the connection's own account may be requested. */
  ownAccount: boolean;
  securityLevels: string[];
  defaultDays: number | null;
  /** The effective maximum: the grant's, else the vendor's picker maximum; null when unbounded. */
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
    anyScope: g.anyScope,
    ownAccount: g.ownAccount && Boolean(caps.scope.ownAccount),
    securityLevels: g.securityLevels,
    defaultDays: picker ? Math.min(g.defaultDays ?? picker.defaultDays, g.maxDays ?? picker.maxDays) : null,
    maxDays: picker ? Math.min(g.maxDays ?? picker.maxDays, picker.maxDays) : g.maxDays,
    allowNever: g.allowNever && vendorAllowsNever(caps),
    requiresApproval: g.requiresApproval,
  };
}

function lifetimeRefusal(caps: VendorCapabilities, e: Entitlement, req: RequestShape, now: Date): string | null {
  const rule = caps.expiry;
  if (rule.kind === "none")
    return e.allowNever ? null : `${caps.displayName} keys never expire, and your role's grant requires an expiry.`;
  if (rule.kind === "fixed") {
    // The vendor fixes the lifetime, so the policy's maximum can only accept or refuse it.
    const days = rule.lifetimeDays;
    if (e.maxDays !== null && (days === undefined || days > e.maxDays))
      return `${caps.displayName} keys live ${days === undefined ? "as long as the vendor decides" : `${days} days or more`}; your role may request keys for at most ${e.maxDays} days on this connection.`;
    return null;
  }
  // A picker vendor: no date (null, or absent) means "never".
  if (req.expiresAt === null || req.expiresAt === undefined)
    return e.allowNever ? null : `Keys on this connection must expire: pick a date within ${e.maxDays} days.`;
  if (e.maxDays !== null && new Date(req.expiresAt).getTime() > now.getTime() + e.maxDays * DAY_MS + CLOCK_SLACK_MS)
    return `Your role may request keys for at most ${e.maxDays} days on this connection.`;
  return null;
}

/** Why one grant does not cover the request, or null when it does. */
function grantRefusal(caps: VendorCapabilities, g: Grant, req: RequestShape, now = new Date()): string | null {
  const e = entitlement(caps, g);
  const label = scopeWords(caps.scope).one;
  if (isOwnAccountKey(caps, req.scope)) {
    if (!e.ownAccount)
      return caps.scope.kind === "none"
        ? `Every ${caps.displayName} key is the connection's own account's key, and your role's grant does not name it on this connection.`
        : `Your role must choose ${withArticle(label)}: a key of the connection's own account is not granted on this connection.`;
  } else if (caps.scope.kind !== "none" && !e.anyScope) {
    const outside = req.scope.filter((s) => !e.scopes.includes(s));
    if (e.scopes.length === 0)
      return `The policy of this connection names no ${label} for your role yet; an admin picks them in the connection's policy.`;
    if (req.scope.length === 0 || outside.length)
      return outside.length
        ? `Your role may not request the ${label} ${outside.join(", ")} on this connection.`
        : `Your role must choose ${withArticle(label)} among ${e.scopes.join(", ")} on this connection.`;
  }
  if (e.securityLevels.length && !e.securityLevels.includes(req.securityLevel ?? ""))
    return `Your role may request only the security level ${e.securityLevels.join(" or ")} on this connection.`;
  return lifetimeRefusal(caps, e, req, now);
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
  const maxima = all.map((e) => e.maxDays);
  return {
    grantId: all[0]!.grantId,
    scopes: [...new Set(all.flatMap((e) => e.scopes))],
    anyScope: all.some((e) => e.anyScope),
    ownAccount: all.some((e) => e.ownAccount),
    // Empty means any level; one grant allowing any makes the union any.
    securityLevels: all.some((e) => e.securityLevels.length === 0)
      ? []
      : [...new Set(all.flatMap((e) => e.securityLevels))],
    defaultDays: all[0]!.defaultDays,
    maxDays: maxima.some((m) => m === null) ? null : Math.max(...(maxima as number[])),
    allowNever: all.some((e) => e.allowNever),
    requiresApproval: all.every((e) => e.requiresApproval),
  };
}
