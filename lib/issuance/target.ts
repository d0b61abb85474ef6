import "server-only";
import { uuidOrNotFound } from "@/lib/ids";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, grants } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import type { ConnectionRow } from "@/lib/connections/queries";
import { toGrant } from "@/lib/policies/grants";
import type { Grant } from "@/lib/policies/evaluate";
import { adapterFor } from "@/lib/vendors/registry";
import type { VendorAdapter } from "@/lib/vendors/types";

export interface IssueTarget {
  connection: ConnectionRow;
  adapter: VendorAdapter;
  /** The connection's policy, in the order listGrants gives it. */
  grants: Grant[];
}

/**
 * The team's connection, its adapter and its policy, in one statement (a connection row per
 * grant). Another team's connection answers exactly like a missing one, as getConnectionRow.
 */
export async function loadIssueTarget(db: Db, teamId: string, connectionId: string): Promise<IssueTarget> {
  uuidOrNotFound(connectionId, "The connection");
  const rows = await db
    .select({ connection: connections, grant: grants })
    .from(connections)
    .leftJoin(grants, eq(grants.connectionId, connections.id))
    .where(and(eq(connections.teamId, teamId), eq(connections.id, connectionId)))
    .orderBy(asc(grants.teamRole), asc(grants.createdAt));
  const connection = rows[0]?.connection;
  if (!connection) throw notFound("The connection");
  return {
    connection,
    adapter: supportedAdapter(connection),
    grants: rows.flatMap((r) => (r.grant ? [toGrant(r.grant)] : [])),
  };
}

export function supportedAdapter(connection: ConnectionRow): VendorAdapter {
  const adapter = adapterFor(connection.vendor);
  if (!adapter)
    throw new AppError("vendor_unsupported", 422, `This console no longer supports the vendor "${connection.vendor}".`);
  return adapter;
}
