import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { violatesUnique } from "@/lib/db/unique-violation";
import { issueAttempts, keyRequests } from "@/lib/db/schema";
import { recordAudit, withAuditEvents } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { toVendorConnection } from "@/lib/connections/credentials";
import { insertKey } from "@/lib/keys/queries";
import { keptMeta, linkReplacement } from "@/lib/keys/lifecycle/replacement";
import { secretFingerprint } from "@/lib/vendors/fingerprint";
import { scopeWords, withArticle } from "@/lib/words";
import { issueEvent, settleFailure } from "./mint";
import type { Minted, Recorded } from "./types";

/**
 * Step 3, record: one statement writes what identifies the key — never the secret — marks the
 * request issued, settles the attempt with the key and appends the audit event. A rotation's
 * record is a transaction that also links the old key (its grace period counts from here).
 */
export async function recordKey(ctx: Minted): Promise<Recorded> {
  const { db, issuer, connection, request, attempt, minted, replaces } = ctx;
  const { what, ...event } = issueEvent(ctx);
  const { fingerprint, lastFour } = secretFingerprint(minted.secret);
  const keyId = randomUUID();
  const kept = replaces ? keptMeta(replaces.key) : undefined;
  const values = {
    id: keyId,
    teamId: issuer.team.id,
    connectionId: connection.id,
    vendor: connection.vendor,
    name: request.name,
    vendorKeyId: minted.vendorKeyId,
    publicId: minted.publicId ?? null,
    scope: request.scope,
    scopeNames: ctx.scopeNames,
    securityLevel: request.securityLevel ?? null,
    fingerprint,
    lastFour,
    meta: kept ? { ...minted.meta, ...kept } : minted.meta,
    issuedBy: issuer.user.id,
    approvedBy: request.decidedBy ?? issuer.user.id,
    requestId: request.id,
    reason: request.reason,
    expiresAt: minted.expiresAt,
  };
  const issuedEvent = {
    ...event,
    target: { type: "key", id: keyId },
    outcome: "success",
    detail: {
      ...what,
      vendorKeyId: minted.vendorKeyId,
      fingerprint,
      expiresAt: minted.expiresAt?.toISOString() ?? null,
    },
  } as const;
  // What the key came from, settled by the statement that inserts it.
  const settle = (q: Db) => [
    q
      .$with("issued")
      .as(
        q
          .update(keyRequests)
          .set({ status: "issued", issuingSince: null })
          .where(eq(keyRequests.id, request.id))
          .returning({ id: keyRequests.id }),
      ),
    q.$with("settled").as(
      q
        .update(issueAttempts)
        .set({ status: "recorded", keyId, settledAt: sql`now()` })
        .where(eq(issueAttempts.id, attempt.id))
        .returning({ id: issueAttempts.id }),
    ),
  ];
  try {
    // A new key: the key, the request, the attempt and the audit event in one statement.
    if (!replaces)
      return {
        ...ctx,
        key: await withAuditEvents(db, [issuedEvent], (q, auditCtes) =>
          insertKey(q, values, [...settle(q), ...auditCtes]),
        ),
      };
    // A replacement: linking the old key may find it rotated or revoked meanwhile, which undoes the insert.
    return await inTransaction(db, async (tx) => {
      const key = await insertKey(tx, values, settle(tx));
      const retirement = await linkReplacement(
        tx,
        issuer,
        replaces,
        key.id,
        request.replaceGraceHours ?? 0,
        request.id,
      );
      await recordAudit(tx, issuedEvent);
      return { ...ctx, key, retirement };
    });
  } catch (err) {
    throw await recordFailure(ctx, err);
  }
}

/** The record failed after the vendor made the key: say what became of it, and settle the attempt. */
async function recordFailure(ctx: Minted, err: unknown): Promise<AppError> {
  const { adapter, minted } = ctx;
  if (violatesUnique(err, "keys_connection_vendor_key_idx")) {
    // The vendor handed back a key Keyward already records (PAN-OS derives one key per account
    // when no key lifetime is set). Revoking it would cut off the recorded key: say so instead.
    const scope = scopeWords(adapter.capabilities.scope).one;
    const refusal = new AppError(
      "same_key",
      409,
      `${adapter.capabilities.displayName} returned a key that is already in the inventory (vendor id ${minted.vendorKeyId}), so no new key was issued. Use that key, or choose ${withArticle(scope)} to get a key of its own.`,
    );
    await settleFailure(
      ctx,
      refusal,
      { vendorKeyId: minted.vendorKeyId },
      { code: "same_key", message: refusal.message },
    );
    return refusal;
  }
  // The vendor holds a key the console could not record (for a rotation, also when the old key
  // was rotated or revoked meanwhile): take it back where the vendor allows.
  let undone = false;
  if (adapter.revoke)
    undone = await adapter
      .revoke(toVendorConnection(ctx.connection), { vendorKeyId: minted.vendorKeyId, meta: minted.meta })
      .then(
        () => true,
        () => false,
      );
  const failed = new AppError(
    "record_failed",
    500,
    undone
      ? "The key was created on the vendor but could not be recorded, so it was revoked again. Try again."
      : `The key was created on the vendor (id ${minted.vendorKeyId}) but could not be recorded. Retire it by hand on the vendor, then try again.`,
  );
  await settleFailure(
    ctx,
    failed,
    { vendorKeyId: minted.vendorKeyId, revokedOnVendor: undone },
    { code: "record_failed", message: failed.message },
  );
  return failed;
}
