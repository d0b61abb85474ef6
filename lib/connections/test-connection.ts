import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import type { Actor } from "@/lib/auth/actor";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import { recordAudit, recordAuditAlone } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { adapterFor } from "@/lib/vendors/registry";
import type { ConnectionTestResult } from "@/lib/vendors/types";
import { toVendorConnection } from "./credentials";
import { getConnectionRow } from "./queries";

/**
 * Runs the vendor's real verification call with the stored credentials and records the
 * outcome on the connection and in the audit log. A failure is returned to the caller as the
 * vendor error it was, after it has been recorded.
 */
export async function testConnection(db: Db, actor: Actor, id: string): Promise<ConnectionTestResult> {
  const row = await getConnectionRow(db, actor.team.id, id);
  const adapter = adapterFor(row.vendor);
  if (!adapter)
    throw new AppError("vendor_unsupported", 422, `This console no longer supports the vendor "${row.vendor}".`);
  const target = { type: "connection", id } as const;
  try {
    const result = await adapter.testConnection(toVendorConnection(row));
    await inTransaction(db, async (tx) => {
      await tx
        .update(connections)
        .set({ lastTestAt: new Date(), lastTestOk: true, lastTestMessage: null, lastTestFacts: result.facts })
        .where(eq(connections.id, id));
      await recordAudit(tx, {
        teamId: actor.team.id,
        actor: actor.user,
        action: "connection.test",
        target,
        outcome: "success",
        detail: { facts: result.facts },
      });
    });
    return result;
  } catch (err) {
    const message = err instanceof AppError ? err.message : "The test failed unexpectedly.";
    const code = err instanceof AppError ? err.code : "internal";
    await db
      .update(connections)
      .set({ lastTestAt: new Date(), lastTestOk: false, lastTestMessage: message })
      .where(eq(connections.id, id));
    await recordAuditAlone(db, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "connection.test",
      target,
      outcome: "failure",
      detail: { code, message },
    });
    throw err;
  }
}
