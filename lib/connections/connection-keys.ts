import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connectionKeys, users } from "@/lib/db/schema";

export interface ConnectionKeyView {
  id: string;
  status: "pending" | "created" | "none";
  fingerprint: string | null;
  startedAt: Date;
  expiresAt: Date | null;
  createdByEmail: string | null;
}

const SHOWN = 20;

/** The newest keys the connection's own tests made the vendor create (calls that created none are left out). */
export function listConnectionKeys(db: Db, teamId: string, connectionId: string): Promise<ConnectionKeyView[]> {
  return db
    .select({
      id: connectionKeys.id,
      status: connectionKeys.status,
      fingerprint: connectionKeys.fingerprint,
      startedAt: connectionKeys.startedAt,
      expiresAt: connectionKeys.expiresAt,
      createdByEmail: users.email,
    })
    .from(connectionKeys)
    .leftJoin(users, eq(users.id, connectionKeys.createdBy))
    .where(
      and(
        eq(connectionKeys.teamId, teamId),
        eq(connectionKeys.connectionId, connectionId),
        // "none": the test failed before the vendor answered with a key — nothing to know of.
        sql`${connectionKeys.status} <> 'none'`,
      ),
    )
    .orderBy(desc(connectionKeys.startedAt))
    .limit(SHOWN);
}
