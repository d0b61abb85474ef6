import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keyRequests, teams } from "@/lib/db/schema";
import type { TeamRole } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { AppError, forbidden, invalid } from "@/lib/errors";
import { adapterFor } from "@/lib/vendors/registry";
import { getConnectionRow, type ConnectionRow } from "@/lib/connections/queries";
import type { VendorAdapter } from "@/lib/vendors/types";
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
  /**
   * The caller issues it in the same call: an auto-approved request is stored already claimed
   * for issuing (as issueFromRequest's guarded update would claim it), saving that round trip.
   */
  claimForIssue?: boolean;
}

export async function createRequest(db: Db, actor: RequestActor, body: RequestBody, opts: CreateRequestOptions = {}): Promise<RequestRow> {
  return (await fileRequest(db, actor, body, opts)).request;
}

export interface FiledRequest {
  request: RequestRow;
  /** Read while filing; handed on so an immediate issue does not read it again. */
  connection: ConnectionRow;
  adapter: VendorAdapter;
}

export async function fileRequest(db: Db, actor: RequestActor, body: RequestBody, opts: CreateRequestOptions = {}): Promise<FiledRequest> {
  const row = await getConnectionRow(db, actor.team.id, body.connectionId);
  const adapter = adapterFor(row.vendor);
  if (!adapter) throw new AppError("vendor_unsupported", 422, `This console no longer supports the vendor "${row.vendor}".`);
  const caps = adapter.capabilities;
  const errors = mintInputErrors(caps, body);
  const reason = (body.reason ?? "").trim();
  if (!reason) errors.reason = REASON_REQUIRED;
  if (Object.keys(errors).length > 0) throw invalid("Some fields need attention.", errors);

  const verdict = evaluateRequest(caps, await listGrants(db, row.id), actor.team.role, body);
  if (!verdict.ok) throw new AppError("outside_policy", 403, verdict.reason);
  const grant = verdict.grant;
  if (opts.requireAutoApproval && grant.requiresApproval) throw forbidden("Keys on this connection need an approval, even for you: use “Request a key”.");

  const now = new Date();
  const auto = !grant.requiresApproval;
  // The team's approval window is read by the insert itself: one statement fewer on every request.
  const window = sql`(select ${teams.approvalWindowMinutes} from ${teams} where ${teams.id} = ${actor.team.id})`;
  const request = await db.transaction(async (raw) => {
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
        ...(auto
          ? {
              decidedBy: actor.user.id,
              decidedAt: now,
              decisionReason: AUTO_APPROVAL,
              approvalExpiresAt: sql`${now.toISOString()}::timestamptz + coalesce(${window}, 1440) * interval '1 minute'`,
              issuingSince: opts.claimForIssue ? sql`now()` : null,
            }
          : {}),
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
  return { request, connection: row, adapter };
}
