import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import type { Actor } from "@/lib/auth/actor";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connectionKeys, connections } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { adapterFor } from "@/lib/vendors/registry";
import type { ConnectionTestResult, CreatedConnectionKey } from "@/lib/vendors/types";
import { toVendorConnection } from "./credentials";
import { getConnectionRow } from "./queries";

/**
 * Runs the vendor's real verification call with the stored credentials and records the
 * outcome on the connection and in the audit log. A failure is returned to the caller as the
 * vendor error it was, after it has been recorded.
 *
 * Where the test makes the vendor create a key (capabilities.testCreatesKey: Expedition's login),
 * that key is recorded like an issued one is: a pending row before the call, settled with its
 * fingerprint after — also when a later step of the test fails, and left pending (visible on the
 * connection page) if the console dies in between.
 */
export async function testConnection(db: Db, actor: Actor, id: string): Promise<ConnectionTestResult> {
  const row = await getConnectionRow(db, actor.team.id, id);
  const adapter = adapterFor(row.vendor);
  if (!adapter)
    throw new AppError("vendor_unsupported", 422, `This console no longer supports the vendor "${row.vendor}".`);
  const target = { type: "connection", id } as const;
  const intent = adapter.capabilities.testCreatesKey
    ? (
        await db
          .insert(connectionKeys)
          .values({ teamId: actor.team.id, connectionId: id, purpose: "connection_test", createdBy: actor.user.id })
          .returning({ id: connectionKeys.id })
      )[0]!
    : null;
  let created: CreatedConnectionKey | null = null;

  const settle = async (tx: Db) => {
    if (!intent) return {};
    await tx
      .update(connectionKeys)
      .set({
        status: created ? "created" : "none",
        vendorKeyId: created?.vendorKeyId ?? null,
        fingerprint: created?.fingerprint ?? null,
        expiresAt: created?.expiresAt ?? null,
        settledAt: new Date(),
      })
      .where(eq(connectionKeys.id, intent.id));
    return { connectionKey: created ? { fingerprint: created.fingerprint } : null };
  };

  try {
    const result = await adapter.testConnection(toVendorConnection(row), {
      onKeyCreated: (key) => (created = key),
    });
    await inTransaction(db, async (tx) => {
      await tx
        .update(connections)
        .set({
          lastTestAt: new Date(),
          lastTestOk: true,
          lastTestMessage: null,
          lastTestFacts: result.facts,
          // What the vendor says of its own credential's expiry; a vendor that cannot say leaves the admin's date.
          ...(result.credentialExpiresAt !== undefined ? { credentialExpiresAt: result.credentialExpiresAt } : {}),
        })
        .where(eq(connections.id, id));
      const keyDetail = await settle(tx);
      await recordAudit(tx, {
        teamId: actor.team.id,
        actor: actor.user,
        action: "connection.test",
        target,
        outcome: "success",
        detail: { facts: result.facts, ...keyDetail },
      });
    });
    return result;
  } catch (err) {
    const message = err instanceof AppError ? err.message : "The test failed unexpectedly.";
    const code = err instanceof AppError ? err.code : "internal";
    await inTransaction(db, async (tx) => {
      await tx
        .update(connections)
        .set({ lastTestAt: new Date(), lastTestOk: false, lastTestMessage: message })
        .where(eq(connections.id, id));
      const keyDetail = await settle(tx);
      await recordAudit(tx, {
        teamId: actor.team.id,
        actor: actor.user,
        action: "connection.test",
        target,
        outcome: "failure",
        detail: { code, message, ...keyDetail },
      });
    });
    throw err;
  }
}
