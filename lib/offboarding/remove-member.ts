import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { revokeKey } from "@/lib/keys/lifecycle/revoke";

import { assertRemovable, removeMember } from "@/lib/teams/remove-member";
import type { OwnedKeyView, RemovalResult } from "./choices";
import type { RemovalQuery } from "./input";
import { liveKeysOwnedBy } from "./owned-keys";

/**
 * Removes a member and settles their live keys in one decision: revoke each on its vendor,
 * hand them all to another member, or keep them as ownerless (shown as such). Revokes run
 * first, each audited on its own; one that fails leaves its key live and ownerless and is
 * reported, so the admin can retry it from the key's page. A member with live keys is not
 * removed until the admin has chosen.
 */
export async function offboardMember(
  db: Db,
  actor: Actor,
  userId: string,
  query: RemovalQuery,
): Promise<RemovalResult> {
  await assertRemovable(db, actor, userId);
  const owned = await liveKeysOwnedBy(db, actor.team.id, userId);
  const result: RemovalResult = {
    keys: owned.length ? (query.keys ?? "none") : "none",
    revoked: 0,
    retireByHand: [],
    failed: [],
    handedOver: 0,
    kept: 0,
  };
  if (owned.length && !query.keys) {
    throw new AppError(
      "live_keys",
      409,
      `This member owns ${owned.length} live key${owned.length === 1 ? "" : "s"}. Choose what becomes of ${owned.length === 1 ? "it" : "them"} — revoke, hand over to another member, or keep as ownerless — and remove them again.`,
    );
  }
  if (result.keys === "revoke") await revokeAll(db, actor, owned, result);
  if (result.keys === "handover") result.handedOver = owned.length;
  if (result.keys === "keep") result.kept = owned.length;

  const stillLive =
    result.keys === "revoke" ? [...result.retireByHand.map((k) => k.id), ...result.failed.map((k) => k.id)] : [];
  await removeMember(db, actor, userId, {
    keys: result.keys,
    keyIds: owned.map((k) => k.id),
    to: query.keys === "handover" ? query.to : undefined,
    outcome: result.keys === "revoke" ? { revoked: result.revoked, leftOwnerless: stillLive } : undefined,
  });
  return result;
}

async function revokeAll(db: Db, actor: Actor, owned: OwnedKeyView[], result: RemovalResult): Promise<void> {
  for (const key of owned) {
    try {
      const outcome = await revokeKey(db, actor, key.id);
      if (outcome.kind === "revoked") result.revoked++;
      else result.retireByHand.push({ id: key.id, name: key.name });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // The vendor's refusal is already audited by the revoke; the key stays live, and is reported.
      result.failed.push({ id: key.id, name: key.name, message: err.message });
    }
  }
}
