import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { violatesUnique } from "@/lib/db/unique-violation";
import { keyRequests } from "@/lib/db/schema";
import { conflict, invalid } from "@/lib/errors";
import { mintInputErrors } from "@/lib/keys/mint-checks";
import { loadReplaceableKey, replacementBody, type ReplacedKey } from "@/lib/keys/lifecycle/replacement";
import { lapseDueRequests } from "@/lib/requests/lapse";

import { fileRequest } from "./file";
import { issueClaimed, issueFromRequest } from "./issue";
import type { IssuedFromRequest, Submission } from "./types";

/** Grace periods the rotate dialog offers, in hours; 0 revokes the old key at once. */
const GRACE_HOURS = [0, 1, 24, 168] as const;

export const rotateKeyBodySchema = z.object({
  graceHours: z
    .number()
    .int()
    .refine((h) => (GRACE_HOURS as readonly number[]).includes(h), "Choose at once, 1 hour, 24 hours or 7 days."),
});
export type RotateKeyBody = z.infer<typeof rotateKeyBodySchema>;

export type RotateResult =
  /** The replacement exists; its secret is in this one response only. */
  | (IssuedFromRequest & { status: "issued"; replaced: ReplacedKey })
  /** The connection's policy wants an approval first; the old key is untouched until the replacement is issued. */
  | { status: "pending"; request: { id: string; name: string }; message: string };

/**
 * Rotation is a key request like any other — same policy, same approvals, same pipeline — for a
 * replacement with the old key's connection, scope, security level and lifetime, carrying which
 * key it replaces and the grace period. Where the policy approves at once it is issued in this
 * call; otherwise it waits for a decider and the rotating admin issues it from "My requests".
 * Either way the record step links the old key and the retire step revokes it or schedules that.
 */
export async function rotateKey(
  db: Db,
  actor: Actor,
  keyId: string,
  body: RotateKeyBody,
  submission: Submission = {},
): Promise<RotateResult> {
  const old = await loadReplaceableKey(db, actor.team.id, keyId);
  let [open] = await db
    .select()
    .from(keyRequests)
    .where(
      and(
        eq(keyRequests.teamId, actor.team.id),
        eq(keyRequests.replacesKeyId, keyId),
        inArray(keyRequests.status, ["pending", "approved"]),
      ),
    )
    .limit(1);
  // An approved rotation whose window ran out is lapsed, not open; it is recorded as such now
  // (rather than by the next lapse job) because the one-open-rotation index still counts it.
  if (open?.status === "approved" && (await lapseDueRequests(db, new Date(), { requestId: open.id })).lapsed === 1)
    open = undefined;
  if (open?.status === "pending")
    throw conflict(
      `A rotation of "${old.key.name}" is already waiting for approval. Cancel it from its requester's “My requests”, or wait for the decision.`,
    );
  if (open && open.requesterId !== actor.user.id)
    throw conflict(
      `A rotation of "${old.key.name}" was already approved for someone else; only they can issue the replacement, until the approval lapses.`,
    );
  // An approved rotation of one's own that was not issued yet (say, the first attempt failed on the vendor): issue that one.
  if (open) return issued(await issueFromRequest(db, actor, open.id, submission), keyId);

  const caps = old.adapter.capabilities;
  const replacement = replacementBody(caps, old.key);
  const errors = mintInputErrors(caps, replacement);
  if (Object.keys(errors).length > 0)
    throw invalid(
      `The old key's settings no longer pass ${caps.displayName}'s rules (${Object.values(errors).join(" ")}); issue a new key instead.`,
      errors,
    );
  const filed = await fileRequest({
    db,
    actor,
    body: { ...replacement, reason: `Rotation of the key “${old.key.name}” (${old.key.id}).` },
    replaces: { key: old, graceHours: body.graceHours },
    issueNow: submission,
  }).catch((err: unknown) => {
    if (violatesUnique(err, "key_requests_open_rotation_idx"))
      throw conflict(`A rotation of "${old.key.name}" was started a moment ago by someone else; see the key's page.`);
    throw err;
  });
  if (!filed.claimed) {
    return {
      status: "pending",
      request: { id: filed.request.id, name: filed.request.name },
      message: `Keys on ${old.connection.name} need an approval, so the rotation waits for one. Once it is approved, issue the replacement from “My requests”; the old key keeps working until then.`,
    };
  }
  return issued(await issueClaimed(filed.claimed), keyId);
}

function issued(result: IssuedFromRequest, oldKeyId: string): RotateResult {
  // The issue reports `replaced` for every request that carries replacesKeyId.
  return {
    ...result,
    status: "issued",
    replaced: result.replaced ?? { id: oldKeyId, outcome: "scheduled", retireAt: null },
  };
}
