import "server-only";
import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keyRequests } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { AppError, conflict, forbidden } from "@/lib/errors";
import { adapterFor } from "@/lib/vendors/registry";
import { getConnectionRow, type ConnectionRow } from "@/lib/connections/queries";
import type { VendorAdapter } from "@/lib/vendors/types";
import type { RequestRow } from "./create-request";
import { mintAndRecord, type Actor, type IssuedKey } from "@/lib/keys/mint-and-record";
import { keptMeta, linkReplacement, loadReplaceableKey, retireReplacedKey, type ReplacedKey, type Retirement } from "@/lib/keys/lifecycle/replacement";
import { auditKeyTarget, keyFacts, type KeyContext } from "@/lib/keys/lifecycle/context";
import { getRequestRow } from "./decide";

// A claim older than this belongs to a console that died mid-issue (vendor calls time out long before).
const STALE_CLAIM = sql`now() - interval '5 minutes'`;

/**
 * Issues the key of an approved request, for its requester only, in this very call — so the
 * secret reaches nobody else. The claim is one guarded UPDATE: of any number of concurrent
 * calls exactly one gets the row back and calls the vendor; the others get 409. A vendor
 * failure releases the claim, so the request can be retried.
 */
export interface IssuedFromRequest extends IssuedKey {
  /** For a rotation: what became of the key it replaces. */
  replaced?: ReplacedKey;
}

export async function issueFromRequest(db: Db, actor: Actor, id: string): Promise<IssuedFromRequest> {
  const row = await getRequestRow(db, actor.team.id, id);
  if (row.requesterId !== actor.user.id) throw forbidden("Only the person who requested this key can issue it; its secret is theirs alone.");
  const connection = await getConnectionRow(db, actor.team.id, row.connectionId);
  const adapter = adapterFor(connection.vendor);
  if (!adapter) throw new AppError("vendor_unsupported", 422, `This console no longer supports the vendor "${connection.vendor}".`);
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) throw new AppError("request_expired", 409, "The expiry chosen for this key has already passed. Make a new request.");
  // A rotation replaces a key that must still be there to replace.
  const old: KeyContext | null = row.replacesKeyId ? await loadReplaceableKey(db, actor.team.id, row.replacesKeyId) : null;

  const [claimed] = await db
    .update(keyRequests)
    .set({ issuingSince: sql`now()` })
    .where(and(
      eq(keyRequests.id, id),
      eq(keyRequests.status, "approved"),
      // The lapse sweep runs before this, but an approval may run out between the two.
      or(isNull(keyRequests.approvalExpiresAt), sql`${keyRequests.approvalExpiresAt} > now()`),
      or(isNull(keyRequests.issuingSince), sql`${keyRequests.issuingSince} < ${STALE_CLAIM}`),
    ))
    .returning();
  if (!claimed) {
    const [now] = await db.select().from(keyRequests).where(eq(keyRequests.id, id));
    const lapsed = now?.status === "lapsed" || (now?.status === "approved" && now.approvalExpiresAt !== null && now.approvalExpiresAt.getTime() <= Date.now());
    if (lapsed) throw conflict("The approval of this request lapsed before the key was issued. Request the key again if you still need it.");
    if (now?.status === "issued") throw conflict("This key was already issued; its secret was shown once, to you, and cannot be shown again.");
    if (now?.status === "approved") throw conflict("This key is already being issued in another tab or window.");
    throw conflict(`This request is ${now?.status ?? "gone"}, so no key can be issued from it.`);
  }
  return issueClaimed(db, actor, connection, adapter, claimed, old);
}

/**
 * The vendor call and its record, for a request this call holds the claim of (by the guarded
 * update above, or by filing it already claimed). A failure releases the claim.
 */
export async function issueClaimed(db: Db, actor: Actor, connection: ConnectionRow, adapter: VendorAdapter, claimed: RequestRow, old: KeyContext | null): Promise<IssuedFromRequest> {
  let issued: IssuedKey;
  // Filled in the recording transaction (the grace period counts from there); a holder, since a closure sets it.
  const linked: { retirement?: Retirement } = {};
  try {
    issued = await mintAndRecord(db, actor, connection, adapter, {
      name: claimed.name,
      scope: claimed.scope,
      securityLevel: claimed.securityLevel ?? undefined,
      expiresAt: claimed.expiresAt ?? undefined,
      fields: claimed.fields,
    }, {
      requestId: claimed.id,
      reason: claimed.reason,
      approvedBy: claimed.decidedBy ?? actor.user.id,
      keptMeta: old ? keptMeta(old.key) : undefined,
      onRecorded: async (tx, keyId) => {
        await tx.update(keyRequests).set({ status: "issued", issuingSince: null }).where(eq(keyRequests.id, claimed.id));
        if (old) linked.retirement = await linkReplacement(tx, actor, old, keyId, claimed.replaceGraceHours ?? 0, claimed.id);
      },
    });
  } catch (err) {
    if (old && err instanceof AppError && err.code === "same_key") throw await refuseSameKeyRotation(db, actor, claimed.id, old);
    await db.update(keyRequests).set({ issuingSince: null }).where(and(eq(keyRequests.id, claimed.id), eq(keyRequests.status, "approved"))).catch(() => undefined);
    throw err;
  }
  if (!old || !linked.retirement) return issued;
  return { ...issued, replaced: await retireReplacedKey(db, actor, old, linked.retirement) };
}

const SAME_KEY_ROTATION =
  "The vendor answered with the same key again (it keeps one key per account), so rotation cannot replace it. Retire the key by hand on the vendor, then issue a new one.";

/**
 * The vendor handed back the very key being rotated: no new key exists and retrying cannot
 * change that, so the request is closed (cancelled, with the reason) instead of left to lapse.
 */
async function refuseSameKeyRotation(db: Db, actor: Actor, requestId: string, old: KeyContext): Promise<AppError> {
  await db
    .transaction(async (raw) => {
      const tx = raw as unknown as Db;
      await tx.update(keyRequests).set({ status: "cancelled", issuingSince: null, decisionReason: SAME_KEY_ROTATION }).where(eq(keyRequests.id, requestId));
      await recordAudit(tx, { teamId: actor.team.id, actor: actor.user, action: "request.cancel", target: { type: "request", id: requestId }, outcome: "success", detail: { reason: SAME_KEY_ROTATION } });
      await recordAudit(tx, { teamId: actor.team.id, actor: actor.user, action: "key.rotate", target: auditKeyTarget(old.key), outcome: "failure", detail: { ...keyFacts(old), requestId, code: "rotation_same_key", message: SAME_KEY_ROTATION } });
    })
    // Fail closed: without its audit events the request is not closed, only released.
    .catch(() => db.update(keyRequests).set({ issuingSince: null }).where(eq(keyRequests.id, requestId)).catch(() => undefined));
  return new AppError("rotation_same_key", 409, SAME_KEY_ROTATION);
}
