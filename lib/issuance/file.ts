import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import type { Actor } from "@/lib/auth/actor";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { violatesUnique } from "@/lib/db/unique-violation";
import { issueAttempts, keyRequests, teams } from "@/lib/db/schema";
import { withAuditEvents } from "@/lib/audit/record";
import { AppError, forbidden, invalid } from "@/lib/errors";
import { mintInputErrors } from "@/lib/keys/mint-checks";
import type { KeyContext } from "@/lib/keys/lifecycle/context";
import { evaluateRequest } from "@/lib/policies/evaluate";
import { AUTO_APPROVAL } from "@/lib/requests/auto-approval";
import { notifyDeciders } from "@/lib/requests/notify";
import { type RequestBody } from "@/lib/requests/request-input";
import { REASON_REQUIRED } from "@/lib/requests/reason";
import type { RequestRow } from "@/lib/requests/rows";
import { IDEMPOTENCY_INDEX, duplicateSubmission, newAttempt } from "./attempts";
import { loadIssueTarget } from "./target";
import { scopeNamesOf } from "./scope-names";
import { toVendorConnection } from "@/lib/connections/credentials";
import type { Claimed, Submission } from "./types";

export interface FileInput {
  db: Db;
  actor: Actor;
  body: RequestBody;
  /** The direct issue form: refuse unless the policy approves at once. */
  requireAutoApproval?: boolean;
  /** A rotation: the key this request replaces, and how long it stays live after the issue. */
  replaces?: { key: KeyContext; graceHours: number };
  /**
   * Issue in this same call: where the policy approves at once, the request is filed already
   * claimed for issuing, with its attempt recorded, in the statement that files it.
   */
  issueNow?: Submission;
}

export interface Filed {
  request: RequestRow;
  /** Present when `issueNow` was asked and the policy approved at once: ready to mint. */
  claimed?: Claimed;
}

/**
 * Step 1, file: the same checks the form runs (vendor capabilities) and the policy's (the
 * caller's grants), then one statement that stores the request — approved at once by an
 * auto-approving grant (with its attempt when issued now), else pending — and its audit events;
 * a pending request's deciders are notified in the same transaction. A refused request changes
 * nothing.
 */
export async function fileRequest(input: FileInput): Promise<Filed> {
  const { db, actor, body } = input;
  const { connection, adapter, grants } = await loadIssueTarget(db, actor.team.id, body.connectionId);
  const caps = adapter.capabilities;
  const errors = mintInputErrors(caps, body);
  const reason = (body.reason ?? "").trim();
  if (!reason) errors.reason = REASON_REQUIRED;
  if (Object.keys(errors).length > 0) throw invalid("Some fields need attention.", errors);

  const verdict = evaluateRequest(caps, grants, actor.team.role, body);
  if (!verdict.ok) throw new AppError("outside_policy", 403, verdict.reason);
  const grant = verdict.grant;
  if (input.requireAutoApproval && grant.requiresApproval)
    throw forbidden("Keys on this connection need an approval, even for you: use “Request a key”.");

  const now = new Date();
  const auto = !grant.requiresApproval;
  const replaces = input.replaces;
  const id = randomUUID();
  const values = {
    id,
    teamId: actor.team.id,
    connectionId: connection.id,
    requesterId: actor.user.id,
    grantId: grant.id,
    name: body.name.trim(),
    scope: body.scope,
    // Read now, as the form showed them, so the request's cards and its key name the roles.
    scopeNames: await scopeNamesOf(adapter, toVendorConnection(connection), body.scope),
    securityLevel: body.securityLevel || null,
    expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
    fields: body.fields,
    reason,
    replacesKeyId: replaces?.key.key.id ?? null,
    replaceGraceHours: replaces?.graceHours ?? null,
  };
  // Filed and claimed at once: the attempt (the intent) goes into the same statement.
  const attempt =
    auto && input.issueNow
      ? newAttempt({
          issuer: actor,
          request: values,
          connection,
          adapter,
          idempotencyKey: input.issueNow.idempotencyKey,
        })
      : undefined;
  // The team's approval window is read by the insert itself: one statement fewer on every request.
  const window = sql`(select ${teams.approvalWindowMinutes} from ${teams} where ${teams.id} = ${actor.team.id})`;
  const decision = auto
    ? {
        status: "approved" as const,
        decidedBy: actor.user.id,
        decidedAt: now,
        decisionReason: AUTO_APPROVAL,
        approvalExpiresAt: sql`${now.toISOString()}::timestamptz + coalesce(${window}, 1440) * interval '1 minute'`,
        issuingSince: attempt ? sql`now()` : null,
      }
    : { status: "pending" as const };

  const what = {
    connection: connection.name,
    vendor: connection.vendor,
    name: values.name,
    scope: body.scope,
    securityLevel: body.securityLevel ?? null,
    expiresAt: body.expiresAt ?? null,
    reason,
    grantId: grant.id,
    ...(replaces ? { replacesKeyId: replaces.key.key.id, graceHours: replaces.graceHours } : {}),
  };
  const base = {
    teamId: actor.team.id,
    actor: actor.user,
    target: { type: "request", id },
    outcome: "success",
  } as const;
  const events = [
    { ...base, action: "request.create", detail: { ...what, status: decision.status } },
    ...(auto
      ? [{ ...base, action: "request.approve", detail: { ...what, approvedBy: "policy", reason: AUTO_APPROVAL } }]
      : []),
  ];
  // The request, its attempt (if issued now) and its audit events: one statement, atomic by itself.
  const insert = (db: Db): Promise<RequestRow> =>
    withAuditEvents(db, events, async (q, auditCtes) => {
      const alsoRun = [
        ...(attempt
          ? [q.$with("attempt").as(q.insert(issueAttempts).values(attempt).returning({ id: issueAttempts.id }))]
          : []),
        ...auditCtes,
      ];
      const [created] = await q
        .with(...alsoRun)
        .insert(keyRequests)
        .values({ ...values, ...decision })
        .returning();
      return created!;
    });

  let request: RequestRow;
  try {
    request = auto
      ? await insert(db)
      : await inTransaction(db, async (tx) => {
          const created = await insert(tx);
          const asks = replaces
            ? `asks to rotate the key “${replaces.key.key.name}”`
            : `requests a key “${created.name}”`;
          await notifyDeciders(tx, actor.team.id, actor.user.id, {
            id: created.id,
            message: `${actor.user.email} ${asks} on ${connection.name}.`,
          });
          return created;
        });
  } catch (err) {
    // The same submission again: nothing was filed; answer with what the first one came to.
    if (attempt?.idempotencyKey && violatesUnique(err, IDEMPOTENCY_INDEX))
      throw await duplicateSubmission(db, actor, attempt.idempotencyKey);
    throw err;
  }
  if (!attempt) return { request };
  return {
    request,
    claimed: {
      db,
      issuer: actor,
      connection,
      adapter,
      request,
      attempt,
      ...(replaces ? { replaces: replaces.key } : {}),
    },
  };
}

/** Files a request for a decider (or the policy) to approve; the requester issues it later. */
export async function createRequest(db: Db, actor: Actor, body: RequestBody): Promise<RequestRow> {
  return (await fileRequest({ db, actor, body })).request;
}
