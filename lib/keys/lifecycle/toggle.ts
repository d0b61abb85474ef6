import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import type { Actor } from "@/lib/auth/actor";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keys } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { auditKeyTarget, keyFacts, loadKeyContext, requireLive, requireVerb, vendorStep } from "./context";

/**
 * Deactivate / activate a key on the vendor, then record the new status. The vendor goes
 * first: if it refuses, the row keeps its status and the audit log says why.
 */
async function setActive(db: Db, actor: Actor, keyId: string, active: boolean): Promise<void> {
  const verb = active ? "activate" : "deactivate";
  const ctx = await loadKeyContext(db, actor.team.id, keyId);
  requireLive(ctx.key);
  requireVerb(ctx, verb);
  const action = `key.${verb}`;
  const facts = keyFacts(ctx);
  await vendorStep(db, actor, actor.team.id, action, auditKeyTarget(ctx.key), facts, () =>
    active ? ctx.adapter.activate!(ctx.conn, ctx.ref) : ctx.adapter.deactivate!(ctx.conn, ctx.ref),
  );
  const status = active ? "active" : "inactive";
  await inTransaction(db, async (tx) => {
    // A drift note from an earlier reconciliation no longer describes the key.
    const { reconcileNote: _stale, ...meta } = ctx.key.meta;
    await tx.update(keys).set({ status, meta }).where(eq(keys.id, ctx.key.id));
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action,
      target: auditKeyTarget(ctx.key),
      outcome: "success",
      detail: { ...facts, from: ctx.key.status, to: status },
    });
  });
}

export const deactivateKey = (db: Db, actor: Actor, keyId: string) => setActive(db, actor, keyId, false);
export const activateKey = (db: Db, actor: Actor, keyId: string) => setActive(db, actor, keyId, true);
