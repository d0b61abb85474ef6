/**
 * Connections as the issue and request pages hand them to <IssueKeyForm>, with the real vendor
 * capabilities, and the BFF's answer to the roles a connection lists.
 */
import type { Entitlement } from "@/lib/policies/evaluate";
import { panosCapabilities } from "@/lib/vendors/panos/capabilities";
import { expeditionCapabilities } from "@/lib/vendors/expedition/capabilities";
import { rancherCapabilities } from "@/lib/vendors/rancher/capabilities";
import { json, type SentRequest } from "./bff";

export const PANOS = { id: "c-panos", name: "Lab firewall", caps: panosCapabilities };
export const EXPEDITION = { id: "c-exp", name: "Migration box", caps: expeditionCapabilities };
export const RANCHER = { id: "c-rancher", name: "Cattle", caps: rancherCapabilities };

/** What the member's grant allows, as roleEntitlement builds it; override what a test is about. */
export function entitlement(change: Partial<Entitlement> = {}): Entitlement {
  return {
    grantId: "g-1",
    scopes: ["readonly", "auditor"],
    anyScope: false,
    ownAccount: false,
    securityLevels: [],
    defaultDays: 30,
    maxDays: 30,
    allowNever: false,
    requiresApproval: true,
    ...change,
  };
}

export const ROLES = [
  { id: "readonly", name: "readonly", description: "Read-only device administrator" },
  { id: "auditor", name: "auditor" },
  { id: "superuser", name: "superuser" },
];

/** GET /api/connections/:id/roles as the BFF answers it; null when `req` is something else. */
export function rolesAnswer(req: SentRequest): Response | null {
  return req.method === "GET" && /^\/api\/connections\/[^/]+\/roles$/.test(req.url) ? json({ roles: ROLES }) : null;
}

/** The receipt <CopyOnce> posts once the secret is on screen; null when `req` is something else. */
export function receiptAnswer(req: SentRequest): Response | null {
  return req.method === "POST" && /^\/api\/keys\/[^/]+\/received$/.test(req.url)
    ? json({ deliveredAt: new Date().toISOString() }, 201)
    : null;
}

/** The text of what an element's aria-describedby points at (its help and its error). */
export function descriptionOf(el: Element): string {
  return (el.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? "")
    .join(" ");
}
