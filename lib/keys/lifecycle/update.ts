import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import type { Actor } from "@/lib/auth/actor";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { keys } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { invalid } from "@/lib/errors";
import { auditKeyTarget, keyFacts, loadKeyContext, requireLive, requireVerb, vendorStep } from "./context";

export const updateKeyBodySchema = z.object({
  name: z.string().trim().min(1, "Give the key a name.").optional(),
  description: z.string().max(4000).optional(),
});
export type UpdateKeyBody = z.infer<typeof updateKeyBodySchema>;

/** Renames a key (and sets its description) on the vendor and in the inventory. */
export async function updateKey(db: Db, actor: Actor, keyId: string, body: UpdateKeyBody): Promise<void> {
  if (body.name === undefined && body.description === undefined)
    throw invalid("Change the name or the description.", { name: "Change the name or the description." });
  const ctx = await loadKeyContext(db, actor.team.id, keyId);
  requireLive(ctx.key);
  requireVerb(ctx, "update");
  const caps = ctx.adapter.capabilities;
  if (body.name !== undefined && body.name.length > caps.nameMaxLength)
    throw invalid("Some fields need attention.", {
      name: `Keep the name to ${caps.nameMaxLength} characters or fewer.`,
    });
  const facts = keyFacts(ctx);
  const change = {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.description !== undefined ? { description: body.description } : {}),
  };
  await vendorStep(db, actor, actor.team.id, "key.update", auditKeyTarget(ctx.key), { ...facts, change }, () =>
    ctx.adapter.update!(ctx.conn, ctx.ref, change),
  );
  await inTransaction(db, async (tx) => {
    const meta = body.description !== undefined ? { ...ctx.key.meta, description: body.description } : ctx.key.meta;
    await tx
      .update(keys)
      .set({ name: body.name ?? ctx.key.name, meta })
      .where(eq(keys.id, ctx.key.id));
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "key.update",
      target: auditKeyTarget(ctx.key),
      outcome: "success",
      detail: { ...facts, change },
    });
  });
}
