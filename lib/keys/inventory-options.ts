import { asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, memberships, users } from "@/lib/db/schema";

/** What the inventory's filter bar offers: the team's connections (and so vendors) and members. */
export interface InventoryOptions {
  connections: Array<{ id: string; name: string; vendor: string }>;
  owners: Array<{ id: string; email: string }>;
}

export async function inventoryOptions(db: Db, teamId: string, withOwners: boolean): Promise<InventoryOptions> {
  const [conns, owners] = await Promise.all([
    db
      .select({ id: connections.id, name: connections.name, vendor: connections.vendor })
      .from(connections)
      .where(eq(connections.teamId, teamId))
      .orderBy(asc(connections.name)),
    withOwners
      ? db
          .select({ id: users.id, email: users.email })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(eq(memberships.teamId, teamId))
          .orderBy(asc(users.email))
      : Promise.resolve([]),
  ]);
  return { connections: conns, owners };
}
