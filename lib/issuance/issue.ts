import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import type { Actor } from "@/lib/auth/actor";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keyRequests } from "@/lib/db/schema";
import { recordAudits } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { auditKeyTarget, keyFacts } from "@/lib/keys/lifecycle/context";
import { retireReplacedKey } from "@/lib/keys/lifecycle/replacement";
import type { DirectIssueBody } from "@/lib/requests/request-input";
import { claimRequest } from "./claim";
import { fileRequest } from "./file";
import { mintKey } from "./mint";
import { recordKey } from "./record";
import { takeBack, takenBackError } from "./take-back";
import type { Claimed, IssuedFromRequest, IssuedKey, Recorded, Submission } from "./types";

/*
 * The issuance pipeline, top to bottom:
 *
 *   file (or claim)  the request is stored approved and held by this call, with its attempt — the
 *                    intent, carrying the key's vendor-side name — in the same statement
 *   mint             the vendor call
 *   record           the key row, the request issued and the attempt settled, in one transaction
 *   (take back)      the watching caller left before the answer: the key is revoked again
 *   retire           a rotation's old key: revoked now, or left to its grace period
 *
 * The direct issue files and issues in one call; the requester's issue claims a request
 * approved earlier; a rotation files a request that replaces a key. All three end in issueClaimed.
 */

/** Mint → record → retire, for a request this call holds (filed claimed, or claimed). */
export async function issueClaimed(ctx: Claimed): Promise<IssuedFromRequest> {
  let recorded: Recorded;
  try {
    recorded = await recordKey(await mintKey(ctx));
  } catch (err) {
    if (ctx.replaces && err instanceof AppError && err.code === "same_key") throw await refuseSameKeyRotation(ctx);
    throw err;
  }
  // Gone while the vendor worked: nobody will see this secret, so the key must not stay out there.
  if (ctx.delivery?.signal?.aborted)
    throw takenBackError(await takeBack(ctx.db, ctx.issuer, recorded.key.id, ctx.request.id));
  return retire(recorded);
}

/** Step 4, retire: what becomes of the key a rotation replaces. The new key exists whatever happens here. */
async function retire(ctx: Recorded): Promise<IssuedFromRequest> {
  const issued: IssuedFromRequest = {
    key: ctx.key,
    secret: ctx.minted.secret,
    publicId: ctx.minted.publicId,
    usage: ctx.minted.usage,
  };
  if (!ctx.replaces || !ctx.retirement) return issued;
  return { ...issued, replaced: await retireReplacedKey(ctx.db, ctx.issuer, ctx.replaces, ctx.retirement) };
}

/**
 * An admin's one-step issue. It goes through the same policy as everyone else: it files a
 * request that the admin's auto-approving grant approves at once, then issues it in this same
 * call — so every key has an owner, a reason and an approver (the policy, on the admin's behalf).
 * Without such a grant the admin is told to use "Request a key" instead.
 */
export async function issueKey(
  db: Db,
  actor: Actor,
  body: DirectIssueBody,
  submission: Submission = {},
): Promise<IssuedKey> {
  const filed = await fileRequest({
    db,
    actor,
    body: { ...body, reason: body.reason ?? "" },
    requireAutoApproval: true,
    issueNow: submission,
  });
  // requireAutoApproval: filed means approved, so claimed.
  return issueClaimed({ ...filed.claimed!, delivery: submission.delivery });
}

/** The requester issues the key of a request approved earlier, and receives its secret in this answer. */
export async function issueFromRequest(
  db: Db,
  issuer: Actor,
  requestId: string,
  submission: Submission = {},
): Promise<IssuedFromRequest> {
  const { delivery, ...claim } = submission;
  return issueClaimed({ ...(await claimRequest({ db, issuer, requestId, ...claim })), delivery });
}

const SAME_KEY_ROTATION =
  "The vendor answered with the same key again (it keeps one key per account), so rotation cannot replace it. Retire the key by hand on the vendor, then issue a new one.";

/**
 * The vendor handed back the very key being rotated: no new key exists and retrying cannot
 * change that, so the request is closed (cancelled, with the reason) instead of left to lapse.
 */
async function refuseSameKeyRotation(ctx: Claimed): Promise<AppError> {
  const { db, issuer, request } = ctx;
  const old = ctx.replaces!;
  const base = { teamId: issuer.team.id, actor: issuer.user } as const;
  await inTransaction(db, async (tx) => {
    await tx
      .update(keyRequests)
      .set({ status: "cancelled", issuingSince: null, decisionReason: SAME_KEY_ROTATION })
      .where(eq(keyRequests.id, request.id));
    await recordAudits(tx, [
      {
        ...base,
        action: "request.cancel",
        target: { type: "request", id: request.id },
        outcome: "success",
        detail: { reason: SAME_KEY_ROTATION },
      },
      {
        ...base,
        action: "key.rotate",
        target: auditKeyTarget(old.key),
        outcome: "failure",
        detail: { ...keyFacts(old), requestId: request.id, code: "rotation_same_key", message: SAME_KEY_ROTATION },
      },
    ]);
  })
    // Fail closed: without its audit events the request is not closed, only released (settleFailure did that).
    .catch(() => undefined);
  return new AppError("rotation_same_key", 409, SAME_KEY_ROTATION);
}
