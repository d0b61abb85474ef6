import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, keys } from "@/lib/db/schema";
import { keyIsLive } from "@/lib/keys/status";
import type { OwnedKeyView } from "./choices";

/** The member's keys that may still work on their vendor: what offboarding must decide about. */
export async function liveKeysOwnedBy(db: Db, teamId: string, userId: string): Promise<OwnedKeyView[]> {
  const rows = await db
    .select({
      id: keys.id,
      name: keys.name,
      vendor: keys.vendor,
      connectionName: connections.name,
      status: keys.status,
      expiresAt: keys.expiresAt,
    })
    .from(keys)
    .innerJoin(connections, eq(connections.id, keys.connectionId))
    .where(and(eq(keys.teamId, teamId), eq(keys.issuedBy, userId), keyIsLive()))
    .orderBy(asc(keys.issuedAt), asc(keys.id));
  return rows.map((r) => ({ ...r, expiresAt: r.expiresAt?.toISOString() ?? null }));
}
