import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import type { Actor } from "@/lib/auth/actor";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keys } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { log } from "@/lib/log";
import { describeJobError } from "@/lib/jobs/error-text";
import { notifyExpiryMissed, notifyKeyEnded } from "@/lib/notify/key-events";
import { AppError } from "@/lib/errors";
import { auditKeyTarget, keyFacts, loadKeyContext, requireLive, vendorStep, type KeyContext } from "./context";

export type RevokeOutcome =
  | { kind: "revoked" }
  /** The vendor cannot revoke this key: an admin must retire it on the vendor; its status is unchanged. */
  | { kind: "retire_by_hand"; message: string };

const CANNOT_REVOKE = (displayName: string) =>
  `${displayName} has no API call that revokes a key. Retire it by hand on the vendor; Keyward has marked it "retire by hand".`;

/**
 * Revokes a loaded key on the vendor and records it — the one path used by "Revoke", rotation
 * "at once" and the retire job. Where the vendor cannot revoke (no verb, or the adapter's
 * 409 not_supported), the key is marked "retire by hand" with the vendor's explanation and
 * keeps its status. Any other vendor failure changes nothing and is rethrown.
 */
export async function revokeLoadedKey(
  db: Db,
  actor: Actor | null,
  ctx: KeyContext,
  why: "revoke" | "rotate" | "retire" | "expire" | "undelivered" | "unused",
  /** Said in the audit event, for revokes no person asked for ("unused for 90 days"). */
  reason?: string,
): Promise<RevokeOutcome> {
  const facts = { ...keyFacts(ctx), why, ...(reason ? { reason } : {}) };
  const target = auditKeyTarget(ctx.key);
  const teamId = ctx.key.teamId;
  let handMessage: string | null = null;
  if (!ctx.adapter.capabilities.lifecycle.includes("revoke") || !ctx.adapter.revoke) {
    handMessage = CANNOT_REVOKE(ctx.adapter.capabilities.displayName);
  } else {
    try {
      await vendorStep(db, actor, teamId, "key.revoke", target, facts, () => ctx.adapter.revoke!(ctx.conn, ctx.ref));
    } catch (err) {
      if (!(err instanceof AppError && err.code === "not_supported")) throw err;
      handMessage = err.message;
    }
  }
  await inTransaction(db, async (tx) => {
    if (handMessage !== null) {
      await tx
        .update(keys)
        .set({ retireByHand: true, retireAt: null, meta: { ...ctx.key.meta, retireByHandNote: handMessage } })
        .where(eq(keys.id, ctx.key.id));
      await recordAudit(tx, {
        teamId,
        actor: actor?.user ?? null,
        action: "key.retire_by_hand",
        target,
        outcome: "success",
        detail: { ...facts, message: handMessage },
      });
    } else {
      await tx
        .update(keys)
        .set({ status: "revoked", revokedAt: new Date(), retireAt: null })
        .where(eq(keys.id, ctx.key.id));
      await recordAudit(tx, {
        teamId,
        actor: actor?.user ?? null,
        action: "key.revoke",
        target,
        outcome: "success",
        detail: { ...facts, from: ctx.key.status },
      });
      // The schedule's revokes tell the owner in the revoke's own transaction, so a crash
      // between the commit and the notice cannot leave the key revoked and the owner untold.
      if (why === "expire" || why === "retire")
        await notifyKeyEnded(tx, ctx.key.id, why === "expire" ? "expired" : "retired");
    }
  });
  return handMessage !== null ? { kind: "retire_by_hand", message: handMessage } : { kind: "revoked" };
}

/** "Revoke" on the key's page. */
export async function revokeKey(db: Db, actor: Actor, keyId: string): Promise<RevokeOutcome> {
  const ctx = await loadKeyContext(db, actor.team.id, keyId);
  requireLive(ctx.key);
  return revokeLoadedKey(db, actor, ctx, "revoke");
}

// The revoke itself has happened (or failed and is audited); a notice that cannot be queued is logged, not thrown.
const noticeLost = (err: unknown) => log.error(`[keyward] a key notice could not be queued: ${describeJobError(err)}`);

export interface DueSummary {
  revoked: number;
  byHand: number;
  failed: number;
}

/**
 * The scheduled revokes (retirement after a rotation's grace, Keyward-enforced expiry): each key
 * on its own, so one vendor's failure (audited by revokeLoadedKey) leaves that key due for the
 * next run without holding up the others.
 */
export async function revokeDueKeys(
  db: Db,
  due: Array<{ id: string; teamId: string }>,
  why: "retire" | "expire",
): Promise<DueSummary> {
  const summary: DueSummary = { revoked: 0, byHand: 0, failed: 0 };
  for (const { id, teamId } of due) {
    try {
      const outcome = await revokeLoadedKey(db, null, await loadKeyContext(db, teamId, id), why);
      if (outcome.kind === "revoked") summary.revoked++;
      else summary.byHand++;
    } catch {
      summary.failed++;
      if (why === "expire") await notifyExpiryMissed(db, id).catch(noticeLost);
    }
  }
  return summary;
}
