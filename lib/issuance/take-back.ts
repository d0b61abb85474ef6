import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import type { Actor } from "@/lib/auth/actor";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keyRequests, keys } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { auditKeyTarget, loadKeyContext } from "@/lib/keys/lifecycle/context";
import { revokeLoadedKey } from "@/lib/keys/lifecycle/revoke";
import { notifyKeyUndelivered } from "@/lib/keys/lifecycle/custody-events";

/** What became of a key whose answer never reached its requester. */
export type TakeBackOutcome =
  | { kind: "revoked" }
  /** The vendor cannot revoke it (Expedition, a PAN-OS account key): flagged for an admin to retire by hand. */
  | { kind: "retire_by_hand"; message: string }
  /** The vendor refused or could not be reached: the key stays live, flagged undelivered, for an admin. */
  | { kind: "revoke_failed"; message: string };

/**
 * Take-back: the requester left (closed the page, pressed Cancel) before the answer carrying
 * the secret was written, so nobody holds the key. It is revoked on the vendor through the one
 * revoke path (audited `key.revoke` with why "undelivered"), or marked "retire by hand" where
 * the vendor cannot revoke; then the key is flagged undelivered and detached from its request,
 * which is approved again so the requester can simply issue once more. The attempt row keeps
 * the link between the request and this key. The secret is in no argument here.
 */
export async function takeBack(
  db: Db,
  issuer: Actor,
  keyId: string,
  requestId: string | null,
): Promise<TakeBackOutcome> {
  const ctx = await loadKeyContext(db, issuer.team.id, keyId);
  let outcome: TakeBackOutcome;
  try {
    const revoked = await revokeLoadedKey(db, issuer, ctx, "undelivered");
    outcome = revoked;
  } catch (err) {
    // revokeLoadedKey audited the vendor's refusal; the flag below tells an admin the key is still out there.
    outcome = {
      kind: "revoke_failed",
      message: err instanceof AppError ? err.message : "The vendor call failed unexpectedly.",
    };
  }
  await inTransaction(db, async (tx) => {
    await tx.update(keys).set({ undeliveredAt: new Date(), requestId: null }).where(eq(keys.id, keyId));
    const reopened = requestId
      ? await tx
          .update(keyRequests)
          .set({ status: "approved", issuingSince: null })
          .where(and(eq(keyRequests.id, requestId), eq(keyRequests.status, "issued")))
          .returning({ id: keyRequests.id })
      : [];
    await recordAudit(tx, {
      teamId: issuer.team.id,
      actor: issuer.user,
      action: "key.undelivered",
      target: auditKeyTarget(ctx.key),
      outcome: "success",
      detail: {
        name: ctx.key.name,
        vendor: ctx.connection.vendor,
        vendorKeyId: ctx.key.vendorKeyId,
        requestId,
        takenBack: outcome.kind,
        requestReopened: reopened.length === 1,
        ...(outcome.kind === "revoked" ? {} : { message: outcome.message }),
      },
    });
    // In the transaction that records the flag: a crash cannot leave it flagged and untold.
    await notifyKeyUndelivered(tx, ctx.key, outcome.kind);
  });
  return outcome;
}

/** What the requester would read, had they stayed: the key was taken back and the request can be issued again. */
export function takenBackError(outcome: TakeBackOutcome): AppError {
  const tail =
    outcome.kind === "revoked"
      ? "It was revoked on the vendor."
      : outcome.kind === "retire_by_hand"
        ? "The vendor cannot revoke it, so it is flagged for an admin to retire by hand."
        : `Revoking it on the vendor failed (${outcome.message}), so it is flagged for an admin.`;
  return new AppError(
    "issue_cancelled",
    409,
    `The key was made but never shown, because the page left before the answer arrived. ${tail} Issue it again when ready.`,
  );
}
