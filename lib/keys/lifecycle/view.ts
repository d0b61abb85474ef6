import { and, eq, or } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keyRequests, keys, users } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { requestStatusIs } from "@/lib/requests/status";
import { deliveryState, type DeliveryState } from "../delivery";

/** What the key's page shows about its lifecycle beyond KeyView: rotation links, retirement, drift. */
export interface KeyLifecycleView {
  revokedAt: string | null;
  retireAt: string | null;
  retireByHand: boolean;
  retireByHandNote: string | null;
  reconcileNote: string | null;
  lastSeenAt: string | null;
  description: string | null;
  adopted: boolean;
  replacedBy: { id: string; name: string } | null;
  replaces: Array<{ id: string; name: string }>;
  /** A rotation of this key that was requested but not issued yet (a second one is refused). */
  openRotation: { status: "pending" | "approved"; requester: string } | null;
  /** Whether the requester's page confirmed it showed the secret (delivery.ts). */
  delivery: DeliveryState;
}

export async function getKeyLifecycle(db: Db, teamId: string, id: string, now = new Date()): Promise<KeyLifecycleView> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound("The key");
  const [row] = await db.select().from(keys).where(and(eq(keys.teamId, teamId), eq(keys.id, id))).limit(1);
  if (!row) throw notFound("The key");
  const [replacedBy] = row.replacedByKeyId
    ? await db.select({ id: keys.id, name: keys.name }).from(keys).where(and(eq(keys.teamId, teamId), eq(keys.id, row.replacedByKeyId))).limit(1)
    : [];
  const replaces = await db.select({ id: keys.id, name: keys.name }).from(keys).where(and(eq(keys.teamId, teamId), eq(keys.replacedByKeyId, row.id)));
  const [rotation] = await db
    .select({ status: keyRequests.status, requester: users.email })
    .from(keyRequests)
    .innerJoin(users, eq(users.id, keyRequests.requesterId))
    .where(and(
      eq(keyRequests.teamId, teamId),
      eq(keyRequests.replacesKeyId, row.id),
      // Open as shown everywhere (status.ts): an approval past its window is lapsed already.
      or(requestStatusIs("pending", now), requestStatusIs("approved", now)),
    ))
    .limit(1);
  return {
    revokedAt: row.revokedAt?.toISOString() ?? null,
    retireAt: row.retireAt?.toISOString() ?? null,
    retireByHand: row.retireByHand,
    retireByHandNote: row.meta.retireByHandNote ?? null,
    reconcileNote: row.meta.reconcileNote ?? null,
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    description: row.meta.description ?? null,
    adopted: row.meta.adopted === "true",
    replacedBy: replacedBy ?? null,
    replaces,
    openRotation: rotation && (rotation.status === "pending" || rotation.status === "approved") ? { status: rotation.status, requester: rotation.requester } : null,
    // An adopted key was never issued through Keyward: there was no secret to deliver.
    delivery: row.meta.adopted === "true" ? "confirmed" : deliveryState(row, now),
  };
}
