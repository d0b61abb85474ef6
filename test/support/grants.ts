import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { listGrants, replaceGrants } from "@/lib/policies/grants";
import { vendorAllowsNever } from "@/lib/policies/grant-checks";
import { adapterFor } from "@/lib/vendors/registry";

/**
 * Names, in a connection's admin grant, everything a vendor offers: any role, the connection's
 * own account and keys that never expire. Grants name these explicitly since least privilege
 * became the default; tests about other behaviour start from this explicit policy.
 */
export async function grantAdminsEverything(db: Db, actor: Actor, connectionId: string, vendor: string): Promise<void> {
  const caps = adapterFor(vendor)!.capabilities;
  const grants = await listGrants(db, connectionId);
  await replaceGrants(
    db,
    actor,
    connectionId,
    grants.map(({ id: _id, ...g }) =>
      g.teamRole === "admin"
        ? {
            ...g,
            anyScope: caps.scope.kind !== "none",
            ownAccount: Boolean(caps.scope.ownAccount),
            allowNever: vendorAllowsNever(caps),
            maxDays: null,
          }
        : g,
    ),
  );
}
