import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import type { Actor } from "@/lib/auth/actor";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keys } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { secretFingerprint } from "@/lib/vendors/fingerprint";
import type { UsageSnippet } from "@/lib/vendors/types";
import { getKey, type KeyView } from "../queries";
import { auditKeyTarget, keyFacts, loadKeyContext, requireLive, requireVerb, vendorStep } from "./context";

/** The one response of a reset that carries the new secret: never stored, logged or cached. */
export interface ResetSecretResult {
  key: KeyView;
  secret: string;
  publicId?: string;
  usage: UsageSnippet[];
}

/**
 * Gives an existing key a new secret (the vendor's "rotate" verb, e.g. Trend Micro "reset
 * secret"): the old secret stops working, the new one goes back once to whoever asked, and
 * the row keeps only the new fingerprint and last four.
 */
export async function resetKeySecret(db: Db, actor: Actor, keyId: string): Promise<ResetSecretResult> {
  const ctx = await loadKeyContext(db, actor.team.id, keyId);
  requireLive(ctx.key);
  requireVerb(ctx, "rotate");
  const facts = keyFacts(ctx);
  const target = auditKeyTarget(ctx.key);
  const minted = await vendorStep(db, actor, actor.team.id, "key.reset_secret", target, facts, () =>
    ctx.adapter.rotate!(ctx.conn, ctx.ref),
  );
  const { fingerprint, lastFour } = secretFingerprint(minted.secret);
  try {
    await inTransaction(db, async (tx) => {
      await tx
        .update(keys)
        .set({ fingerprint, lastFour, meta: minted.meta, ...(minted.publicId ? { publicId: minted.publicId } : {}) })
        .where(eq(keys.id, ctx.key.id));
      await recordAudit(tx, {
        teamId: actor.team.id,
        actor: actor.user,
        action: "key.reset_secret",
        target,
        outcome: "success",
        detail: { ...facts, previousFingerprint: ctx.key.fingerprint, fingerprint },
      });
    });
  } catch {
    // The vendor already changed the secret; the new one is only in this response. Say so plainly.
    throw new AppError(
      "record_failed",
      500,
      `The vendor gave key ${ctx.key.vendorKeyId} a new secret, but Keyward could not record it. The old secret no longer works; reset the secret again to get one you can see.`,
    );
  }
  return {
    key: await getKey(db, actor.team.id, ctx.key.id),
    secret: minted.secret,
    publicId: minted.publicId,
    usage: minted.usage,
  };
}
