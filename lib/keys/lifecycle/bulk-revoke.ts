import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, keys, users } from "@/lib/db/schema";
import { can } from "@/lib/auth/permissions";
import type { Actor, Viewer } from "@/lib/auth/actor";
import { recordAuditAlone } from "@/lib/audit/record";
import { AppError, forbidden } from "@/lib/errors";
import { adapterFor } from "@/lib/vendors/registry";
import { isOwnAccountKey } from "@/lib/policies/own-account";
import { keyFilterCondition } from "../list-keys";
import { keyFilterParams, type KeyFilter } from "../list-query";
import { keyIsLive } from "../status";
import { loadKeyContext, requireLive } from "./context";
import { revokeLoadedKey } from "./revoke";
import {
  BULK_REVOKE_MAX,
  PREVIEW_NAMES,
  type BulkRevokePreview,
  type BulkRevokeReport,
  type BulkRevokeResult,
} from "./bulk-revoke-report";

/**
 * Revoking everything a keys-list filter selects, in two steps that never surprise: a preview
 * (a read) names exactly the live keys that would go, and the confirmation sends those ids back
 * with the filter. Each key is re-checked — still live, still matching, still visible — and
 * revoked through the one revoke path (revoke.ts), one after the other, past failures; the
 * answer reports each key and the audit log holds one bulk event beside the per-key ones.
 */

const vendorName = (vendor: string) => adapterFor(vendor)?.capabilities.displayName ?? vendor;

/** True when the vendor has no way to revoke this key alone: revoke will mark it "retire by hand". */
function revokedByHand(vendor: string, scope: string[]): boolean {
  const adapter = adapterFor(vendor);
  if (!adapter?.revoke || !adapter.capabilities.lifecycle.includes("revoke")) return true;
  return isOwnAccountKey(adapter.capabilities, scope);
}

/** The live keys a filter selects for this viewer, oldest first, at most BULK_REVOKE_MAX + 1. */
function liveMatching(db: Db, teamId: string, viewer: Viewer, filter: KeyFilter, now: Date) {
  return db
    .select({
      id: keys.id,
      name: keys.name,
      vendor: keys.vendor,
      scope: keys.scope,
      connectionName: connections.name,
      owner: users.email,
    })
    .from(keys)
    .innerJoin(connections, eq(connections.id, keys.connectionId))
    .innerJoin(users, eq(users.id, keys.issuedBy))
    .where(and(keyFilterCondition(teamId, viewer, filter, now), keyIsLive()))
    .orderBy(asc(keys.issuedAt), asc(keys.id))
    .limit(BULK_REVOKE_MAX + 1);
}

/** What "Revoke all matching" would revoke. Writes nothing. */
export async function previewBulkRevoke(
  db: Db,
  teamId: string,
  viewer: Viewer,
  filter: KeyFilter,
  now = new Date(),
): Promise<BulkRevokePreview> {
  const rows = await liveMatching(db, teamId, viewer, filter, now);
  const covered = rows.slice(0, BULK_REVOKE_MAX);
  const byHand = new Map<string, number>();
  for (const r of covered) if (revokedByHand(r.vendor, r.scope)) byHand.set(r.vendor, (byHand.get(r.vendor) ?? 0) + 1);
  return {
    count: covered.length,
    more: rows.length > BULK_REVOKE_MAX,
    keyIds: covered.map((r) => r.id),
    keys: covered.slice(0, PREVIEW_NAMES).map((r) => ({
      id: r.id,
      name: r.name,
      vendorName: vendorName(r.vendor),
      connectionName: r.connectionName,
      owner: r.owner,
      byHand: revokedByHand(r.vendor, r.scope),
    })),
    byHand: [...byHand].map(([vendor, count]) => ({ vendor, vendorName: vendorName(vendor), count })),
  };
}

/** The keys of the preview left alone now, with why; a key absent from the map still qualifies. */
async function skipReasons(
  db: Db,
  teamId: string,
  viewer: Viewer,
  filter: KeyFilter,
  keyIds: string[],
  now: Date,
): Promise<Map<string, { name: string | null; message: string }>> {
  const rows = await db
    .select({
      id: keys.id,
      name: keys.name,
      status: keys.status,
      live: sql<boolean>`${keyIsLive()}`,
      matches: sql<boolean>`${keyFilterCondition(teamId, viewer, filter, now)}`,
    })
    .from(keys)
    .where(and(eq(keys.teamId, teamId), inArray(keys.id, keyIds)));
  const found = new Map(rows.map((r) => [r.id, r]));
  const reasons = new Map<string, { name: string | null; message: string }>();
  for (const id of keyIds) {
    const row = found.get(id);
    if (!row) reasons.set(id, { name: null, message: "The key no longer exists in this team." });
    else if (!row.live) reasons.set(id, { name: row.name, message: `No longer live (now ${row.status}).` });
    else if (!row.matches) reasons.set(id, { name: row.name, message: "No longer matches the filter." });
  }
  return reasons;
}

/**
 * Revokes the previewed keys that still qualify. Only a caller who may manage keys (the route
 * already requires key.manage, with sudo); the viewer narrows which keys the filter reaches.
 */
export async function bulkRevoke(
  db: Db,
  actor: Actor,
  viewer: Viewer,
  input: { filter: KeyFilter; keyIds: string[] },
  now = new Date(),
): Promise<BulkRevokeResult> {
  if (!can(actor.team.role, "key.manage")) throw forbidden("Only admins can revoke keys.");
  const teamId = actor.team.id;
  const keyIds = [...new Set(input.keyIds)];
  const skipped = await skipReasons(db, teamId, viewer, input.filter, keyIds, now);
  const report: BulkRevokeReport[] = [];
  for (const id of keyIds) {
    const skip = skipped.get(id);
    if (skip) {
      report.push({ id, name: skip.name, outcome: "skipped", message: skip.message });
      continue;
    }
    let name: string | null = null;
    try {
      const ctx = await loadKeyContext(db, teamId, id);
      name = ctx.key.name;
      requireLive(ctx.key);
      const outcome = await revokeLoadedKey(db, actor, ctx, "revoke");
      report.push(
        outcome.kind === "revoked"
          ? { id, name, outcome: "revoked", message: null }
          : { id, name, outcome: "retire_by_hand", message: outcome.message },
      );
    } catch (err) {
      // revokeLoadedKey has audited the vendor's refusal on the key; the next key goes ahead.
      const message = err instanceof AppError ? err.message : "Unexpected error.";
      report.push({ id, name, outcome: "failed", message });
    }
  }
  const count = (o: BulkRevokeReport["outcome"]) => report.filter((r) => r.outcome === o).length;
  const totals = {
    revoked: count("revoked"),
    retireByHand: count("retire_by_hand"),
    failed: count("failed"),
    skipped: count("skipped"),
  };
  await recordAuditAlone(db, {
    teamId,
    actor: actor.user,
    action: "key.bulk_revoke",
    target: null,
    outcome: totals.failed === 0 ? "success" : "failure",
    detail: {
      filter: Object.fromEntries(keyFilterParams(input.filter)),
      requested: keyIds.length,
      ...totals,
      keys: report.map((r) => ({ id: r.id, outcome: r.outcome })),
    },
  });
  return { ...totals, keys: report };
}
