import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { adapterFor } from "@/lib/vendors/registry";
import type { VendorRole } from "@/lib/vendors/types";
import { toVendorConnection } from "./credentials";
import { getConnectionRow } from "./queries";

export async function listConnectionRoles(db: Db, teamId: string, id: string): Promise<VendorRole[]> {
  const row = await getConnectionRow(db, teamId, id);
  const adapter = adapterFor(row.vendor);
  if (!adapter)
    throw new AppError("vendor_unsupported", 422, `This console no longer supports the vendor "${row.vendor}".`);
  if (adapter.capabilities.scope.kind === "none") return [];
  return adapter.listRoles(toVendorConnection(row));
}
