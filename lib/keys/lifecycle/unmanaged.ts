import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import { uuidOrNotFound } from "@/lib/ids";
import type { Actor } from "@/lib/auth/actor";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keys, unmanagedKeys } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { conflict, notFound } from "@/lib/errors";
import { getConnectionRow } from "@/lib/connections/queries";

/** An adopted key's secret was never seen by Keyward: these say so where a fingerprint would be. */
export const ADOPTED_FINGERPRINT = "unknown (adopted)";
const ADOPTED_LAST_FOUR = "????";

export interface UnmanagedKeyView {
  id: string;
  connectionId: string;
  vendorKeyId: string;
  name: string;
  active: boolean;
  expiresAt: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
}

export async function listUnmanagedKeys(db: Db, teamId: string, connectionId: string): Promise<UnmanagedKeyView[]> {
  await getConnectionRow(db, teamId, connectionId);
  const rows = await db
    .select()
    .from(unmanagedKeys)
    .where(and(eq(unmanagedKeys.teamId, teamId), eq(unmanagedKeys.connectionId, connectionId)))
    .orderBy(asc(unmanagedKeys.name), asc(unmanagedKeys.id));
  return rows.map((r) => ({
    ...r,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    firstSeenAt: r.firstSeenAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
  }));
}

/**
 * Takes a key created outside Keyward into the inventory, so it can be tracked, deactivated
 * and revoked like any other. Its secret was never seen: fingerprint and last four say so.
 */
export async function adoptUnmanagedKey(db: Db, actor: Actor, unmanagedId: string): Promise<{ keyId: string }> {
  uuidOrNotFound(unmanagedId, "The unmanaged key");
  return inTransaction(db, async (tx) => {
    const [found] = await tx
      .select()
      .from(unmanagedKeys)
      .where(and(eq(unmanagedKeys.teamId, actor.team.id), eq(unmanagedKeys.id, unmanagedId)))
      .limit(1);
    if (!found) throw notFound("The unmanaged key");
    const connection = await getConnectionRow(tx, actor.team.id, found.connectionId);
    const [existing] = await tx
      .select({ id: keys.id })
      .from(keys)
      .where(and(eq(keys.connectionId, connection.id), eq(keys.vendorKeyId, found.vendorKeyId)))
      .limit(1);
    if (existing) throw conflict("This key is already in the inventory.");
    const now = new Date();
    const [inserted] = await tx
      .insert(keys)
      .values({
        teamId: actor.team.id,
        connectionId: connection.id,
        vendor: connection.vendor,
        name: found.name,
        vendorKeyId: found.vendorKeyId,
        scope: [],
        fingerprint: ADOPTED_FINGERPRINT,
        lastFour: ADOPTED_LAST_FOUR,
        meta: { adopted: "true" },
        issuedBy: actor.user.id,
        reason: "Adopted from the vendor: created outside Keyward",
        issuedAt: now,
        expiresAt: found.expiresAt,
        status: found.active ? "active" : "inactive",
        lastSeenAt: found.lastSeenAt,
      })
      .returning({ id: keys.id });
    await tx.delete(unmanagedKeys).where(eq(unmanagedKeys.id, found.id));
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "key.adopt",
      target: { type: "key", id: inserted!.id },
      outcome: "success",
      detail: {
        name: found.name,
        connection: connection.name,
        vendor: connection.vendor,
        vendorKeyId: found.vendorKeyId,
      },
    });
    return { keyId: inserted!.id };
  });
}
