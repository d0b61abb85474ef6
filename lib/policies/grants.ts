import { and, asc, eq } from "drizzle-orm";
import { inTransaction } from "@/lib/db/transaction";
import { uuidOrNotFound } from "@/lib/ids";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { connections, grants } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { AppError, invalid, notFound } from "@/lib/errors";
import { adapterFor } from "@/lib/vendors/registry";
import type { VendorCapabilities } from "@/lib/vendors/types";
import { type GrantInput } from "./grant-input";
import { defaultGrants, grantErrors } from "./grant-checks";
import type { Grant } from "./evaluate";

export function toGrant(row: typeof grants.$inferSelect): Grant {
  return {
    id: row.id,
    teamRole: row.teamRole,
    scopes: row.scopes,
    anyScope: row.anyScope,
    ownAccount: row.ownAccount,
    securityLevels: row.securityLevels,
    defaultDays: row.defaultDays,
    maxDays: row.maxDays,
    allowNever: row.allowNever,
    requiresApproval: row.requiresApproval,
  };
}

/** A connection's grants; the caller has already checked that the connection is the team's. */
export async function listGrants(db: Db, connectionId: string): Promise<Grant[]> {
  const rows = await db
    .select()
    .from(grants)
    .where(eq(grants.connectionId, connectionId))
    .orderBy(asc(grants.teamRole), asc(grants.createdAt));
  return rows.map(toGrant);
}

/**
 * The name and vendor of the team's connection a policy belongs to. Read here rather than
 * through lib/connections, which depends on policies (a new connection gets the default policy);
 * another team's connection answers exactly like a missing one, as getConnectionRow does.
 */
async function policyConnection(
  db: Db,
  teamId: string,
  connectionId: string,
): Promise<{ name: string; vendor: string }> {
  uuidOrNotFound(connectionId, "The connection");
  const [row] = await db
    .select({ name: connections.name, vendor: connections.vendor })
    .from(connections)
    .where(and(eq(connections.teamId, teamId), eq(connections.id, connectionId)))
    .limit(1);
  if (!row) throw notFound("The connection");
  return row;
}

export async function listTeamGrants(db: Db, teamId: string, connectionId: string): Promise<Grant[]> {
  await policyConnection(db, teamId, connectionId);
  return listGrants(db, connectionId);
}

/** Writes a new connection's default policy inside the transaction that creates it. */
export async function insertDefaultGrants(tx: Db, connectionId: string, caps: VendorCapabilities): Promise<void> {
  await tx.insert(grants).values(defaultGrants(caps).map((g) => ({ ...g, connectionId })));
}

/** Replaces a connection's whole policy; bounds are checked against the vendor's own. */
export async function replaceGrants(db: Db, actor: Actor, connectionId: string, input: GrantInput[]): Promise<Grant[]> {
  const row = await policyConnection(db, actor.team.id, connectionId);
  const caps = adapterFor(row.vendor)?.capabilities;
  if (!caps)
    throw new AppError("vendor_unsupported", 422, `This console no longer supports the vendor "${row.vendor}".`);
  const errors = grantErrors(caps, input);
  if (Object.keys(errors).length > 0) throw invalid("Some grants go beyond what the vendor allows.", errors);
  const before = await listGrants(db, connectionId);
  await inTransaction(db, async (tx) => {
    await tx.delete(grants).where(eq(grants.connectionId, connectionId));
    if (input.length) await tx.insert(grants).values(input.map((g) => ({ ...g, connectionId })));
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "policy.update",
      target: { type: "connection", id: connectionId },
      outcome: "success",
      detail: { connection: row.name, before: before.map(({ id: _id, ...g }) => g), after: input },
    });
  });
  return listGrants(db, connectionId);
}
