import "server-only";
import { uuidOrNotFound } from "@/lib/ids";
import type { Actor } from "@/lib/auth/actor";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keys } from "@/lib/db/schema";
import { recordAuditAlone } from "@/lib/audit/record";
import { AppError, conflict, notFound } from "@/lib/errors";
import { adapterFor } from "@/lib/vendors/registry";
import { toVendorConnection } from "@/lib/connections/credentials";
import { getConnectionRow, type ConnectionRow } from "@/lib/connections/queries";
import type { KeyRef, LifecycleVerb, VendorAdapter, VendorConnection } from "@/lib/vendors/types";

/**
 * What every lifecycle action starts from: the team's key row, its connection, the adapter and
 * the decrypted connection — and the two rules they share: a verb the vendor lacks is refused
 * before any call, and a vendor failure changes nothing but a `failure` audit event.
 */

export type KeyRow = typeof keys.$inferSelect;

export interface KeyContext {
  key: KeyRow;
  connection: ConnectionRow;
  adapter: VendorAdapter;
  conn: VendorConnection;
  ref: KeyRef;
}

async function getKeyRow(db: Db, teamId: string, keyId: string): Promise<KeyRow> {
  uuidOrNotFound(keyId, "The key");
  const [row] = await db
    .select()
    .from(keys)
    .where(and(eq(keys.teamId, teamId), eq(keys.id, keyId)))
    .limit(1);
  if (!row) throw notFound("The key");
  return row;
}

export async function loadKeyContext(db: Db, teamId: string, keyId: string): Promise<KeyContext> {
  const key = await getKeyRow(db, teamId, keyId);
  const connection = await getConnectionRow(db, teamId, key.connectionId);
  const adapter = adapterFor(connection.vendor);
  if (!adapter)
    throw new AppError("vendor_unsupported", 422, `This console no longer supports the vendor "${connection.vendor}".`);
  return {
    key,
    connection,
    adapter,
    conn: toVendorConnection(connection),
    ref: { vendorKeyId: key.vendorKeyId, meta: key.meta },
  };
}

/** Refuses a verb the vendor does not have, in the words the UI would use to hide it. */
export function requireVerb(ctx: { adapter: VendorAdapter }, verb: LifecycleVerb): void {
  if (!ctx.adapter.capabilities.lifecycle.includes(verb)) {
    throw new AppError(
      "not_supported",
      409,
      `${ctx.adapter.capabilities.displayName} keys cannot be changed this way (${verb}) through the vendor's API.`,
    );
  }
}

/** A revoked key is history: nothing more can be done to it on the vendor. */
export function requireLive(key: KeyRow): void {
  if (key.status === "revoked") throw conflict(`The key "${key.name}" is already revoked.`);
}

/** Runs a vendor call; on failure records it (with the vendor's own words) and rethrows, changing nothing else. */
export async function vendorStep<T>(
  db: Db,
  actor: Actor | null,
  teamId: string,
  action: string,
  target: { type: string; id: string },
  detail: Record<string, unknown>,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const e = err instanceof AppError ? err : null;
    await recordAuditAlone(db, {
      teamId,
      actor: actor?.user ?? null,
      action,
      target,
      outcome: "failure",
      detail: { ...detail, code: e?.code ?? "internal", message: e?.message ?? "unexpected error" },
    }).catch(() => undefined);
    throw err;
  }
}

export const auditKeyTarget = (key: KeyRow) => ({ type: "key", id: key.id });
export const keyFacts = (ctx: KeyContext) => ({
  name: ctx.key.name,
  connection: ctx.connection.name,
  vendor: ctx.connection.vendor,
  vendorKeyId: ctx.key.vendorKeyId,
});
