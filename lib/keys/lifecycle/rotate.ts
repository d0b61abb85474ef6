import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError, conflict } from "@/lib/errors";
import type { UsageSnippet } from "@/lib/vendors/types";
import { getKey, type KeyView } from "../queries";
import { loadKeyContext, requireLive, type LifecycleActor } from "./context";
import { mintReplacement } from "./replacement";
import { revokeLoadedKey } from "./revoke";

/** Grace periods the rotate dialog offers, in hours; 0 revokes the old key at once. */
export const GRACE_HOURS = [0, 1, 24, 168] as const;

export const rotateKeyBodySchema = z.object({
  graceHours: z.number().int().refine((h) => (GRACE_HOURS as readonly number[]).includes(h), "Choose at once, 1 hour, 24 hours or 7 days."),
});
export type RotateKeyBody = z.infer<typeof rotateKeyBodySchema>;

export interface RotateResult {
  /** The replacement; its secret is in this one response only. */
  key: KeyView;
  secret: string;
  publicId?: string;
  usage: UsageSnippet[];
  old: {
    id: string;
    /** What happened to the old key: revoked now, to be revoked at `retireAt`, or to be retired by hand. */
    outcome: "revoked" | "scheduled" | "retire_by_hand";
    retireAt: string | null;
    message?: string;
  };
}

/**
 * Rotation: a replacement with the same connection, scope, security level and lifetime, then
 * the old key is revoked — at once (grace 0) or by the retire job once the grace period is over
 * so that scripts can move over. A vendor that cannot revoke gets the old key marked
 * "retire by hand" instead.
 */
export async function rotateKey(db: Db, actor: LifecycleActor, keyId: string, body: RotateKeyBody): Promise<RotateResult> {
  const ctx = await loadKeyContext(db, actor.team.id, keyId);
  requireLive(ctx.key);
  if (ctx.key.replacedByKeyId) throw conflict(`The key "${ctx.key.name}" has already been rotated; rotate its replacement instead.`);
  const caps = ctx.adapter.capabilities;
  const canRevoke = caps.lifecycle.includes("revoke");
  const retireAt = new Date(Date.now() + body.graceHours * 3_600_000);
  const oldChange = canRevoke
    ? { retireAt }
    : { retireByHand: true, retireAt: null, meta: { ...ctx.key.meta, retireByHandNote: `${caps.displayName} has no API call that revokes a key. Retire the old key by hand on the vendor once scripts use the replacement.` } };
  const replacement = await mintReplacement(db, actor, ctx, oldChange, { graceHours: body.graceHours });

  let old: RotateResult["old"] = canRevoke
    ? { id: ctx.key.id, outcome: "scheduled", retireAt: retireAt.toISOString() }
    : { id: ctx.key.id, outcome: "retire_by_hand", retireAt: null, message: oldChange.meta?.retireByHandNote };
  if (canRevoke && body.graceHours === 0) {
    // The replacement exists whatever happens next; a failed revoke stays due for the retire job.
    const fresh = await loadKeyContext(db, actor.team.id, ctx.key.id);
    try {
      const outcome = await revokeLoadedKey(db, actor, fresh, "rotate");
      old = outcome.kind === "revoked" ? { id: ctx.key.id, outcome: "revoked", retireAt: null } : { id: ctx.key.id, outcome: "retire_by_hand", retireAt: null, message: outcome.message };
    } catch (err) {
      old = { id: ctx.key.id, outcome: "scheduled", retireAt: retireAt.toISOString(), message: `The old key could not be revoked yet (${err instanceof AppError ? err.message : "unexpected error"}); Keyward will retry within a minute.` };
    }
  }
  return { key: await getKey(db, actor.team.id, replacement.row.id), secret: replacement.secret, publicId: replacement.publicId, usage: replacement.usage, old };
}
