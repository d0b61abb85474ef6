import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keyRequests, teams } from "@/lib/db/schema";
import type { TeamRole } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { AppError, forbidden, invalid } from "@/lib/errors";
import { adapterFor } from "@/lib/vendors/registry";
import { getConnectionRow } from "@/lib/connections/queries";
import { mintInputErrors } from "@/lib/keys/mint-input";
import { listGrants } from "@/lib/policies/grants";
import { evaluateRequest } from "@/lib/policies/evaluate";
import { notifyDeciders } from "./notify";
import { REASON_REQUIRED, type RequestBody } from "./request-input";

export interface RequestActor {
  user: { id: string; email: string };
  team: { id: string; role: TeamRole };
}

export type RequestRow = typeof keyRequests.$inferSelect;

const MINUTE_MS = 60 * 1000;
export const AUTO_APPROVAL = "Auto-approved by the connection's policy.";

/**
 * Files a request after the same checks the form runs (vendor capabilities) and the policy's
 * (the caller's grants). An auto-approving grant approves it at once; otherwise it waits and
 * the team's deciders are notified. A refused request changes nothing.
 */
export interface CreateRequestOptions {
  /** The direct issue form: refuse unless the policy approves at once. */
  requireAutoApproval?: boolean;
  /** A rotation: the key this request replaces, and how long it stays live after the issue. */
  replaces?: { keyId: string; keyName: string; graceHours: number };
}

export async function createRequest(db: Db, actor: RequestActor, body: RequestBody, opts: CreateRequestOptions = {}): Promise<RequestRow> {
  const row = await getConnectionRow(db, actor.team.id, body.connectionId);
  const caps = adapterFor(row.vendor)?.capabilities;
  if (!caps) throw new AppError("vendor_unsupported", 422, `This console no longer supports the vendor "${row.vendor}".`);
  const errors = mintInputErrors(caps, body);
  const reason = (body.reason ?? "").trim();
  if (!reason) errors.reason = REASON_REQUIRED;
  if (Object.keys(errors).length > 0) throw invalid("Some fields need attention.", errors);

  const verdict = evaluateRequest(caps, await listGrants(db, row.id), actor.team.role, body);
  if (!verdict.ok) throw new AppError("outside_policy", 403, verdict.reason);
  const grant = verdict.grant;
  if (opts.requireAutoApproval && grant.requiresApproval) throw forbidden("Keys on this connection need an approval, even for you: use “Request a key”.");

  const [team] = await db.select({ minutes: teams.approvalWindowMinutes }).from(teams).where(eq(teams.id, actor.team.id)).limit(1);
  const now = new Date();
  const auto = !grant.requiresApproval;
  return db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    const [created] = await tx
      .insert(keyRequests)
      .values({
        teamId: actor.team.id,
        connectionId: row.id,
        requesterId: actor.user.id,
        grantId: grant.id,
        name: body.name.trim(),
        scope: body.scope,
        securityLevel: body.securityLevel || null,
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
        fields: body.fields,
        reason,
        replacesKeyId: opts.replaces?.keyId ?? null,
        replaceGraceHours: opts.replaces?.graceHours ?? null,
        status: auto ? "approved" : "pending",
        ...(auto ? { decidedBy: actor.user.id, decidedAt: now, decisionReason: AUTO_APPROVAL, approvalExpiresAt: new Date(now.getTime() + (team?.minutes ?? 1440) * MINUTE_MS) } : {}),
      })
      .returning();
    const what = { connection: row.name, vendor: row.vendor, name: created!.name, scope: body.scope, securityLevel: body.securityLevel ?? null, expiresAt: body.expiresAt ?? null, reason, grantId: grant.id, ...(opts.replaces ? { replacesKeyId: opts.replaces.keyId, graceHours: opts.replaces.graceHours } : {}) };
    await recordAudit(tx, { teamId: actor.team.id, actor: actor.user, action: "request.create", target: { type: "request", id: created!.id }, outcome: "success", detail: { ...what, status: created!.status } });
    if (auto) {
      await recordAudit(tx, { teamId: actor.team.id, actor: actor.user, action: "request.approve", target: { type: "request", id: created!.id }, outcome: "success", detail: { ...what, approvedBy: "policy", reason: AUTO_APPROVAL } });
    } else {
      const asks = opts.replaces ? `asks to rotate the key “${opts.replaces.keyName}”` : `requests a key “${created!.name}”`;
      await notifyDeciders(tx, actor.team.id, actor.user.id, `${actor.user.email} ${asks} on ${row.name}.`, "/approvals");
    }
    return created!;
  });
}
