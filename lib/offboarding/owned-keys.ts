import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, keys } from "@/lib/db/schema";
import type { OwnedKeyView } from "./input";

/** A key still alive on its vendor (or that may be): what offboarding must decide about. */
export const LIVE_STATUSES = ["active", "inactive", "drifted"] as const;

export async function liveKeysOwnedBy(db: Db, teamId: string, userId: string): Promise<OwnedKeyView[]> {
  const rows = await db
    .select({ id: keys.id, name: keys.name, vendor: keys.vendor, connectionName: connections.name, status: keys.status, expiresAt: keys.expiresAt })
    .from(keys)
    .innerJoin(connections, eq(connections.id, keys.connectionId))
    .where(and(eq(keys.teamId, teamId), eq(keys.issuedBy, userId), inArray(keys.status, [...LIVE_STATUSES])))
    .orderBy(asc(keys.issuedAt), asc(keys.id));
  return rows.map((r) => ({ ...r, expiresAt: r.expiresAt?.toISOString() ?? null }));
}
