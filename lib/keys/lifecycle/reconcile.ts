import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import type { Actor } from "@/lib/auth/actor";
import { and, eq, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keys, unmanagedKeys } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { notifyKeyEnded } from "@/lib/notify/key-events";
import { AppError } from "@/lib/errors";
import { adapterFor } from "@/lib/vendors/registry";
import { toVendorConnection } from "@/lib/connections/credentials";
import { getConnectionRow } from "@/lib/connections/queries";
import type { VendorKeySummary } from "@/lib/vendors/types";
import { vendorStep } from "./context";

export interface ReconcileSummary {
  seen: number;
  /** Keys whose recorded status changed: missing on the vendor, or (de)activated outside Keyward. */
  changed: Array<{ keyId: string; name: string; from: string; to: string; note: string }>;
  unmanaged: number;
}

/** The key's new status and why, or null when the inventory already agrees with the vendor. */
function verdict(
  row: { status: string },
  onVendor: VendorKeySummary | undefined,
  at: string,
): { to: "active" | "inactive" | "drifted"; note: string } | null {
  if (!onVendor)
    return row.status === "drifted"
      ? null
      : { to: "drifted", note: `Not found on the vendor at ${at}: deleted outside Keyward.` };
  if (!onVendor.active && row.status !== "inactive")
    return { to: "inactive", note: `Inactive on the vendor at ${at}: deactivated (or expired) outside Keyward.` };
  if (onVendor.active && row.status !== "active") return { to: "active", note: `Active on the vendor again at ${at}.` };
  return null;
}

/**
 * Compares the vendor's list of keys with the inventory of one connection: keys deleted or
 * deactivated outside Keyward are marked, keys Keyward never issued are listed as unmanaged.
 * `actor` is null when the connections.reconcile job runs it. A vendor failure changes nothing.
 */
/** The vendor's last-used time when its list reports one; otherwise the column is left as it was. */
const lastUsed = (k: VendorKeySummary) => (k.lastUsedAt !== undefined ? { lastUsedAt: k.lastUsedAt } : {});

export async function reconcileConnection(
  db: Db,
  actor: Actor | null,
  teamId: string,
  connectionId: string,
): Promise<ReconcileSummary> {
  const connection = await getConnectionRow(db, teamId, connectionId);
  const adapter = adapterFor(connection.vendor);
  if (!adapter?.list || !adapter.capabilities.lifecycle.includes("list")) {
    throw new AppError(
      "not_supported",
      409,
      `${adapter?.capabilities.displayName ?? connection.vendor} cannot list its keys through its API, so Keyward cannot reconcile this connection.`,
    );
  }
  const target = { type: "connection", id: connection.id };
  const listed = await vendorStep(
    db,
    actor,
    teamId,
    "connection.reconcile",
    target,
    { connection: connection.name, vendor: connection.vendor },
    () => adapter.list!(toVendorConnection(connection)),
  );
  const byId = new Map(listed.map((k) => [k.vendorKeyId, k]));
  const now = new Date();
  const at = `${now.toISOString().slice(0, 16).replace("T", " ")} UTC`;

  return inTransaction(db, async (tx) => {
    const rows = await tx.select().from(keys).where(eq(keys.connectionId, connection.id));
    const known = new Set(rows.map((r) => r.vendorKeyId));
    const summary: ReconcileSummary = { seen: listed.length, changed: [], unmanaged: 0 };
    for (const row of rows) {
      if (row.status === "revoked") continue;
      const onVendor = byId.get(row.vendorKeyId);
      const change = verdict(row, onVendor, at);
      if (change) {
        await tx
          .update(keys)
          .set({
            status: change.to,
            meta: { ...row.meta, reconcileNote: change.note },
            ...(onVendor ? { lastSeenAt: now, ...lastUsed(onVendor) } : {}),
          })
          .where(eq(keys.id, row.id));
        await recordAudit(tx, {
          teamId,
          actor: actor?.user ?? null,
          action: "key.drift",
          target: { type: "key", id: row.id },
          outcome: "success",
          detail: { name: row.name, vendorKeyId: row.vendorKeyId, from: row.status, to: change.to, note: change.note },
        });
        summary.changed.push({ keyId: row.id, name: row.name, from: row.status, to: change.to, note: change.note });
        if (change.to === "drifted") await notifyKeyEnded(tx, row.id, "gone", now);
      } else if (onVendor) {
        await tx
          .update(keys)
          .set({ lastSeenAt: now, ...lastUsed(onVendor) })
          .where(eq(keys.id, row.id));
      }
    }
    const foreign = listed.filter((k) => !known.has(k.vendorKeyId));
    for (const k of foreign) {
      await tx
        .insert(unmanagedKeys)
        .values({
          teamId,
          connectionId: connection.id,
          vendorKeyId: k.vendorKeyId,
          name: k.name,
          active: k.active,
          expiresAt: k.expiresAt,
          firstSeenAt: now,
          lastSeenAt: now,
        })
        .onConflictDoUpdate({
          target: [unmanagedKeys.connectionId, unmanagedKeys.vendorKeyId],
          set: { name: k.name, active: k.active, expiresAt: k.expiresAt, lastSeenAt: now },
        });
    }
    // Unmanaged keys gone from the vendor are no longer anyone's concern.
    const stillThere = foreign.map((k) => k.vendorKeyId);
    await tx
      .delete(unmanagedKeys)
      .where(
        and(
          eq(unmanagedKeys.connectionId, connection.id),
          stillThere.length ? notInArray(unmanagedKeys.vendorKeyId, stillThere) : sql`true`,
        ),
      );
    summary.unmanaged = foreign.length;
    await recordAudit(tx, {
      teamId,
      actor: actor?.user ?? null,
      action: "connection.reconcile",
      target,
      outcome: "success",
      detail: {
        connection: connection.name,
        vendor: connection.vendor,
        seen: summary.seen,
        changed: summary.changed.length,
        unmanaged: summary.unmanaged,
        scheduled: actor === null,
      },
    });
    return summary;
  });
}
