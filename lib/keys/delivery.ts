import { and, eq } from "drizzle-orm";
import { inTransaction } from "@/lib/db/transaction";
import type { Db } from "@/lib/db/client";
import { keys } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { notFound } from "@/lib/errors";

/**
 * A written answer is not yet a received one: the requester's page confirms it showed the
 * secret. A key whose confirmation has not come within this window is "delivery unconfirmed"
 * — its secret may never have reached anyone — for an admin to decide (rotate or revoke).
 */
export const DELIVERY_WINDOW_MS = 60_000;

/** "undelivered": the requester left before the answer was written, and the key was taken back (lib/issuance/take-back.ts). */
export type DeliveryState = "confirmed" | "awaiting" | "unconfirmed" | "undelivered";

export function deliveryState(
  key: { deliveredAt: Date | null; issuedAt: Date; undeliveredAt?: Date | null },
  now = new Date(),
): DeliveryState {
  if (key.undeliveredAt) return "undelivered";
  if (key.deliveredAt) return "confirmed";
  return now.getTime() - key.issuedAt.getTime() < DELIVERY_WINDOW_MS ? "awaiting" : "unconfirmed";
}

/**
 * The page that shows a new secret calls this once it is on screen. Only the key's owner (who
 * received the secret) can confirm; repeating it changes nothing.
 */
export async function confirmDelivery(
  db: Db,
  actor: { user: { id: string; email: string }; team: { id: string } },
  keyId: string,
): Promise<{ deliveredAt: string }> {
  return inTransaction(db, async (tx) => {
    const [key] = await tx
      .select({ id: keys.id, deliveredAt: keys.deliveredAt, issuedAt: keys.issuedAt })
      .from(keys)
      .where(and(eq(keys.id, keyId), eq(keys.teamId, actor.team.id), eq(keys.issuedBy, actor.user.id)))
      .limit(1)
      .for("update");
    if (!key) throw notFound("That key");
    if (key.deliveredAt) return { deliveredAt: key.deliveredAt.toISOString() };
    const at = new Date();
    const afterMs = at.getTime() - key.issuedAt.getTime();
    await tx.update(keys).set({ deliveredAt: at }).where(eq(keys.id, keyId));
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "key.delivered",
      target: { type: "key", id: keyId },
      outcome: "success",
      detail: { afterMs, late: afterMs >= DELIVERY_WINDOW_MS },
    });
    return { deliveredAt: at.toISOString() };
  });
}
