import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import { uuidOrNotFound } from "@/lib/ids";
import type { Actor } from "@/lib/auth/actor";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, keyRequests, teams } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { type AppError, conflict, forbidden, invalid, notFound } from "@/lib/errors";
import { adapterFor } from "@/lib/vendors/registry";
import { notify } from "@/lib/notify/notify";
import type { RequestRow } from "./rows";
import type { ApproveBody, DenyBody } from "./request-input";

const MINUTE_MS = 60 * 1000;

/**
 * The stored row; another team's request answers exactly like a missing one. A read only: an
 * approval that ran out may still say "approved" here until the lapse job records it, which is
 * why every change is guarded (the claim refuses a run-out approval).
 */
export async function getRequestRow(db: Db, teamId: string, id: string): Promise<RequestRow> {
  uuidOrNotFound(id, "The request");
  const [row] = await db
    .select()
    .from(keyRequests)
    .where(and(eq(keyRequests.teamId, teamId), eq(keyRequests.id, id)))
    .limit(1);
  if (!row) throw notFound("The request");
  return row;
}

function alreadyDecided(row: RequestRow): AppError {
  return conflict(`This request is already ${row.status}; nothing was changed.`);
}

/**
 * Moves a pending request to a decided state, guarded by `status = 'pending'` in the update
 * itself so two deciders (or a decider and a cancelling requester) cannot both win.
 */
async function decide(
  db: Db,
  actor: Actor,
  row: RequestRow,
  change: Partial<RequestRow> & { status: RequestRow["status"] },
  audit: { action: string; detail: Record<string, unknown> },
  notice: string | null,
): Promise<RequestRow> {
  return inTransaction(db, async (tx) => {
    const [updated] = await tx
      .update(keyRequests)
      .set(change)
      .where(and(eq(keyRequests.id, row.id), eq(keyRequests.status, "pending")))
      .returning();
    if (!updated) {
      const [now] = await tx.select().from(keyRequests).where(eq(keyRequests.id, row.id));
      throw alreadyDecided(now ?? row);
    }
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: audit.action,
      target: { type: "request", id: row.id },
      outcome: "success",
      detail: { name: row.name, requesterId: row.requesterId, ...audit.detail },
    });
    if (notice)
      await notify(tx, {
        teamId: actor.team.id,
        event: "request.decided",
        occurrence: row.id,
        to: [row.requesterId],
        subject: notice,
        link: `/requests#${row.id}`,
      });
    return updated;
  });
}

export async function approveRequest(
  db: Db,
  actor: Actor,
  id: string,
  body: ApproveBody,
  now = new Date(),
): Promise<RequestRow> {
  const row = await getRequestRow(db, actor.team.id, id);
  if (row.status !== "pending") throw alreadyDecided(row);
  const [team] = await db.select().from(teams).where(eq(teams.id, actor.team.id)).limit(1);
  if (row.requesterId === actor.user.id && !team?.selfApproval)
    throw forbidden("You cannot approve your own request: this team does not allow self-approval. Ask another admin.");
  const [conn] = await db
    .select({ name: connections.name, vendor: connections.vendor })
    .from(connections)
    .where(eq(connections.id, row.connectionId));
  let expiresAt = row.expiresAt;
  if (body.expiresAt) {
    const shorter = new Date(body.expiresAt);
    if (adapterFor(conn?.vendor ?? "")?.capabilities.expiry.kind !== "picker")
      throw invalid("Some fields need attention.", {
        expiresAt: "The vendor decides this key's lifetime; an approval cannot change it.",
      });
    if (shorter.getTime() <= now.getTime())
      throw invalid("Some fields need attention.", { expiresAt: "The expiry date must be in the future." });
    // A request for a key that never expires may be given any end; otherwise only an earlier one.
    if (row.expiresAt && shorter.getTime() > row.expiresAt.getTime())
      throw invalid("Some fields need attention.", {
        expiresAt: "An approval can only shorten the requested lifetime.",
      });
    expiresAt = shorter;
  }
  return decide(
    db,
    actor,
    row,
    {
      status: "approved",
      decidedBy: actor.user.id,
      decidedAt: now,
      decisionReason: null,
      expiresAt,
      approvalExpiresAt: new Date(now.getTime() + (team?.approvalWindowMinutes ?? 1440) * MINUTE_MS),
    },
    {
      action: "request.approve",
      detail: {
        connection: conn?.name ?? null,
        expiresAt: expiresAt?.toISOString() ?? null,
        shortened: Boolean(body.expiresAt),
        selfApproved: row.requesterId === actor.user.id,
      },
    },
    `Your request “${row.name}” was approved by ${actor.user.email}. Issue the key from My requests.`,
  );
}

export async function denyRequest(
  db: Db,
  actor: Actor,
  id: string,
  body: DenyBody,
  now = new Date(),
): Promise<RequestRow> {
  const row = await getRequestRow(db, actor.team.id, id);
  if (row.status !== "pending") throw alreadyDecided(row);
  return decide(
    db,
    actor,
    row,
    { status: "denied", decidedBy: actor.user.id, decidedAt: now, decisionReason: body.reason },
    { action: "request.deny", detail: { reason: body.reason } },
    `Your request “${row.name}” was denied by ${actor.user.email}: ${body.reason}`,
  );
}

/** Only the requester cancels, and only while the request waits. */
export async function cancelRequest(db: Db, actor: Actor, id: string, now = new Date()): Promise<RequestRow> {
  const row = await getRequestRow(db, actor.team.id, id);
  if (row.requesterId !== actor.user.id) throw forbidden("Only the person who made a request can cancel it.");
  if (row.status !== "pending") throw alreadyDecided(row);
  return decide(
    db,
    actor,
    row,
    { status: "cancelled", decidedAt: now },
    { action: "request.cancel", detail: {} },
    null,
  );
}
