import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { violatesUnique } from "@/lib/db/unique-violation";
import { keyRequests } from "@/lib/db/schema";
import { AppError, conflict, forbidden } from "@/lib/errors";
import { getConnectionRow } from "@/lib/connections/queries";
import { loadReplaceableKey } from "@/lib/keys/lifecycle/replacement";
import { getRequestRow } from "@/lib/requests/decide";
import type { RequestRow } from "@/lib/requests/rows";
import { STALE_CLAIM_MS } from "@/lib/requests/status";
import { IDEMPOTENCY_INDEX, duplicateSubmission, newAttempt, undeliveredAttempt, unsettledAttempt } from "./attempts";
import { supportedAdapter } from "./target";
import type { AttemptRow, Claimed, Submission } from "./types";

// A claim older than this belongs to a console that died mid-issue (vendor calls time out long
// before); the same bound the request status rule uses, so "lapsed" and "retryable" agree.
const STALE_CLAIM_MINUTES = STALE_CLAIM_MS / 60_000;

export interface ClaimInput extends Submission {
  db: Db;
  issuer: Actor;
  requestId: string;
}

/**
 * Step 1 for a request approved earlier, claim: only its requester issues it (so the secret
 * reaches nobody else). The claim and the attempt are one statement — a guarded UPDATE whose
 * row, if any, the attempt is inserted from — so of any number of concurrent calls exactly one
 * gets the request and records its intent; the others get 409 and an explanation.
 */
export async function claimRequest(input: ClaimInput): Promise<Claimed> {
  const { db, issuer } = input;
  const request = await getRequestRow(db, issuer.team.id, input.requestId);
  if (request.requesterId !== issuer.user.id)
    throw forbidden("Only the person who requested this key can issue it; its secret is theirs alone.");
  const connection = await getConnectionRow(db, issuer.team.id, request.connectionId);
  const adapter = supportedAdapter(connection);
  if (request.expiresAt && request.expiresAt.getTime() <= Date.now())
    throw new AppError(
      "request_expired",
      409,
      "The expiry chosen for this key has already passed. Make a new request.",
    );
  // A rotation replaces a key that must still be there to replace.
  const replaces = request.replacesKeyId
    ? await loadReplaceableKey(db, issuer.team.id, request.replacesKeyId)
    : undefined;

  const attempt = newAttempt({ issuer, request, connection, adapter, idempotencyKey: input.idempotencyKey });
  const claimed = await claimWithAttempt(db, request, attempt).catch(async (err: unknown) => {
    if (attempt.idempotencyKey && violatesUnique(err, IDEMPOTENCY_INDEX))
      throw await duplicateSubmission(db, issuer, attempt.idempotencyKey);
    throw err;
  });
  if (!claimed) {
    // A repeat of a submission that already settled (say, a retry after the answer was lost) learns its outcome.
    if (attempt.idempotencyKey) {
      const repeat = await duplicateSubmission(db, issuer, attempt.idempotencyKey);
      if (repeat.extra?.outcome) throw repeat;
    }
    throw await claimRefusal(db, request.id);
  }
  return {
    db,
    issuer,
    connection,
    adapter,
    request: { ...request, issuingSince: new Date() },
    attempt,
    ...(replaces ? { replaces } : {}),
  };
}

/** An attempt whose key may be alive without a record: unsettled, or undelivered and not yet retired by hand. */
const HOLDING_ATTEMPT = sql.raw(
  "(ia.status = 'minting' or (ia.status = 'undelivered' and ia.retired_by_hand_at is null))",
);

/** The guarded claim and the attempt's insert in one statement; false when another call holds the request. */
async function claimWithAttempt(db: Db, request: RequestRow, a: AttemptRow): Promise<boolean> {
  const claim = db
    .update(keyRequests)
    .set({ issuingSince: sql`now()` })
    .where(
      and(
        eq(keyRequests.id, request.id),
        eq(keyRequests.status, "approved"),
        // The lapse sweep runs before this, but an approval may run out between the two.
        or(isNull(keyRequests.approvalExpiresAt), sql`${keyRequests.approvalExpiresAt} > now()`),
        or(
          isNull(keyRequests.issuingSince),
          sql`${keyRequests.issuingSince} < now() - ${STALE_CLAIM_MINUTES} * interval '1 minute'`,
        ),
        // An earlier attempt's key may still be alive on the vendor until the recovery sweep (or
        // an admin, for an undelivered one) settled it: no second key beside it.
        sql`not exists (select 1 from issue_attempts ia where ia.request_id = ${keyRequests.id} and ${HOLDING_ATTEMPT})`,
      ),
    )
    .returning({ id: keyRequests.id });
  const result = await db.execute(sql`
    with claimed as (${claim.getSQL()})
    insert into issue_attempts (id, team_id, request_id, connection_id, user_id, vendor_name, status, idempotency_key, started_at)
    select ${a.id}::uuid, ${a.teamId}::uuid, claimed.id, ${a.connectionId}::uuid, ${a.userId}::uuid, ${a.vendorName}, 'minting', ${a.idempotencyKey}, ${a.startedAt.toISOString()}::timestamptz
    from claimed
    returning id`);
  // node-postgres and PGlite both keep the rows in `.rows`.
  return (result as unknown as { rows: unknown[] }).rows.length === 1;
}

/** Why the claim was refused, read after the fact. */
async function claimRefusal(db: Db, requestId: string): Promise<AppError> {
  const [now] = await db.select().from(keyRequests).where(eq(keyRequests.id, requestId));
  const lapsed =
    now?.status === "lapsed" ||
    (now?.status === "approved" && now.approvalExpiresAt !== null && now.approvalExpiresAt.getTime() <= Date.now());
  if (lapsed)
    return conflict(
      "The approval of this request lapsed before the key was issued. Request the key again if you still need it.",
    );
  if (now?.status === "issued")
    return conflict("This key was already issued; its secret was shown once, to you, and cannot be shown again.");
  if (now?.status === "approved") {
    const undelivered = await undeliveredAttempt(db, requestId);
    if (undelivered)
      return conflict(
        `${undelivered.failureMessage ?? "An earlier attempt to issue this key may have left a key on the vendor that Keyward cannot revoke."} Until an admin confirms it is retired, this request cannot be issued again.`,
      );
    return conflict(unsettledMessage(await unsettledAttempt(db, requestId), now.issuingSince));
  }
  return conflict(`This request is ${now?.status ?? "gone"}, so no key can be issued from it.`);
}

/**
 * A request held by an attempt that has not settled: in another tab now, or left by a console
 * that stopped between the vendor and the database. Either way the caller learns which, since
 * when, and when a retry is possible.
 */
function unsettledMessage(attempt: AttemptRow | undefined, claimedAt: Date | null): string {
  const since = attempt?.startedAt ?? claimedAt;
  if (!since) return "This key is already being issued in another tab or window.";
  const retryAt = new Date(since.getTime() + STALE_CLAIM_MINUTES * 60_000);
  const named = attempt?.vendorName ? ` (on the vendor it is named “${attempt.vendorName}”)` : "";
  return (
    `This key is already being issued in another tab or window: an issuing attempt started at ${since.toISOString()}${named} has not settled yet. ` +
    `If it does not finish (say, the console handling it stopped), the recovery sweep settles it from ${retryAt.toISOString()} on, revoking any key it left on the vendor; it can be retried after that.`
  );
}
