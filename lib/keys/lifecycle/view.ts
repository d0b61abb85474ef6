import { and, eq } from "drizzle-orm";
import { uuidOrNotFound } from "@/lib/ids";
import type { Db } from "@/lib/db/client";
import { keys } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { deliveryState, type DeliveryState } from "../delivery";

/** What the key's page shows about its lifecycle beyond KeyView: rotation links, retirement, drift. */
export interface KeyLifecycleView {
  revokedAt: string | null;
  retireAt: string | null;
  retireByHand: boolean;
  retireByHandNote: string | null;
  reconcileNote: string | null;
  lastSeenAt: string | null;
  /** When the vendor last saw the key authenticate, as the last reconcile read it (vendors that report it). */
  lastUsedAt: string | null;
  description: string | null;
  adopted: boolean;
  replacedBy: { id: string; name: string } | null;
  replaces: Array<{ id: string; name: string }>;
  /** Whether the requester's page confirmed it showed the secret (delivery.ts). */
  delivery: DeliveryState;
  /**
   * Where the device's own key lifetime ends the key before Keyward's date (PAN-OS): the
   * lifetime in minutes, and Keyward's later date; `expiresAt` is then the device's.
   */
  deviceExpiry: { lifetimeMinutes: number | null; endsBeforeKeyward: boolean; keywardExpiresAt: string | null };
}

export async function getKeyLifecycle(db: Db, teamId: string, id: string, now = new Date()): Promise<KeyLifecycleView> {
  uuidOrNotFound(id, "The key");
  const [row] = await db
    .select()
    .from(keys)
    .where(and(eq(keys.teamId, teamId), eq(keys.id, id)))
    .limit(1);
  if (!row) throw notFound("The key");
  const [replacedBy] = row.replacedByKeyId
    ? await db
        .select({ id: keys.id, name: keys.name })
        .from(keys)
        .where(and(eq(keys.teamId, teamId), eq(keys.id, row.replacedByKeyId)))
        .limit(1)
    : [];
  const replaces = await db
    .select({ id: keys.id, name: keys.name })
    .from(keys)
    .where(and(eq(keys.teamId, teamId), eq(keys.replacedByKeyId, row.id)));
  return {
    revokedAt: row.revokedAt?.toISOString() ?? null,
    retireAt: row.retireAt?.toISOString() ?? null,
    retireByHand: row.retireByHand,
    retireByHandNote: row.meta.retireByHandNote ?? null,
    reconcileNote: row.meta.reconcileNote ?? null,
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    description: row.meta.description ?? null,
    adopted: row.meta.adopted === "true",
    replacedBy: replacedBy ?? null,
    replaces,
    // An adopted key was never issued through Keyward: there was no secret to deliver.
    delivery: row.meta.adopted === "true" ? "confirmed" : deliveryState(row, now),
    deviceExpiry: {
      lifetimeMinutes: row.meta.deviceLifetimeMinutes ? Number(row.meta.deviceLifetimeMinutes) : null,
      endsBeforeKeyward: row.meta.expiryBy === "device",
      keywardExpiresAt: row.meta.keywardExpiresAt ?? null,
    },
  };
}
