import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keys } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { AppError, conflict } from "@/lib/errors";
import type { VendorCapabilities } from "@/lib/vendors/types";
import type { IssueKeyBody } from "../mint-input";
import { auditKeyTarget, keyFacts, loadKeyContext, requireLive, type KeyContext, type KeyRow } from "./context";
import { revokeLoadedKey } from "./revoke";

/*
 * Rotation runs through a key request (lib/issuance/rotate.ts files it, the connection's
 * policy decides, the lib/issuance pipeline mints and records). This module holds the rotation-only
 * parts: what the replacement asks for, and what happens to the old key once it exists.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/**
 * The issue body of a replacement: the old key's connection, name, scope, security level and
 * lifetime (its original span, counted from now, within the vendor's maximum), and the
 * issue-form settings the adapter kept in `meta`. Checked by the same `mintInputErrors` as
 * the issue form, so a replacement is never more than the old key was allowed to be.
 */
export function replacementBody(caps: VendorCapabilities, old: KeyRow, now = new Date()): IssueKeyBody {
  let expiresAt: string | null | undefined;
  if (caps.expiry.kind === "picker") {
    if (old.expiresAt) {
      const span = Math.max(DAY_MS, old.expiresAt.getTime() - old.issuedAt.getTime());
      expiresAt = new Date(now.getTime() + Math.min(span, caps.expiry.maxDays * DAY_MS)).toISOString();
    } else {
      expiresAt = caps.expiry.allowNever
        ? null
        : new Date(now.getTime() + caps.expiry.defaultDays * DAY_MS).toISOString();
    }
  }
  const fields: Record<string, string> = {};
  for (const f of caps.issueFields) {
    const value = old.meta[f.name] ?? f.defaultValue;
    if (value !== undefined && value !== "") fields[f.name] = value;
  }
  return {
    connectionId: old.connectionId,
    name: old.name,
    scope: old.scope,
    securityLevel: old.securityLevel ?? undefined,
    expiresAt,
    fields,
  };
}

/** What became of the replaced key, as the rotate and issue answers report it. */
export interface ReplacedKey {
  id: string;
  /** Revoked now, to be revoked at `retireAt` by the retire job, or to be retired by hand. */
  outcome: "revoked" | "scheduled" | "retire_by_hand";
  retireAt: string | null;
  message?: string;
}

/** Loads a key that can still be replaced: live and not already rotated. */
export async function loadReplaceableKey(db: Db, teamId: string, keyId: string): Promise<KeyContext> {
  const ctx = await loadKeyContext(db, teamId, keyId);
  requireLive(ctx.key);
  if (ctx.key.replacedByKeyId)
    throw conflict(`The key "${ctx.key.name}" has already been rotated; rotate its replacement instead.`);
  return ctx;
}

const cannotRevokeNote = (caps: VendorCapabilities) =>
  `${caps.displayName} has no API call that revokes a key. Retire the old key by hand on the vendor once scripts use the replacement.`;

/** Keyward-side meta the replacement keeps: a description edited in Keyward lives in meta (update.ts). */
export function keptMeta(old: KeyRow): Record<string, string> | undefined {
  return old.meta.description !== undefined ? { description: old.meta.description } : undefined;
}

/** What linkReplacement decided for the old key. */
export type Retirement = { kind: "scheduled"; retireAt: Date } | { kind: "retire_by_hand"; note: string };

/**
 * In the transaction that records the replacement: links the old key to it and sets the old
 * key's retirement, with the grace period counted from this moment (the issue, not the
 * request, since an approval may take days). The guard on `replacedByKeyId` makes a second,
 * concurrent replacement fail (and be taken back) rather than orphan the first.
 */
export async function linkReplacement(
  tx: Db,
  actor: Actor,
  ctx: KeyContext,
  replacementId: string,
  graceHours: number,
  requestId: string,
): Promise<Retirement> {
  const caps = ctx.adapter.capabilities;
  const retirement: Retirement = caps.lifecycle.includes("revoke")
    ? { kind: "scheduled", retireAt: new Date(Date.now() + graceHours * HOUR_MS) }
    : { kind: "retire_by_hand", note: cannotRevokeNote(caps) };
  const change =
    retirement.kind === "scheduled"
      ? { retireAt: retirement.retireAt }
      : { retireByHand: true, retireAt: null, meta: { ...ctx.key.meta, retireByHandNote: retirement.note } };
  const linked = await tx
    .update(keys)
    .set({ replacedByKeyId: replacementId, ...change })
    .where(and(eq(keys.id, ctx.key.id), isNull(keys.replacedByKeyId), sql`${keys.status} <> 'revoked'`))
    .returning({ id: keys.id });
  if (linked.length === 0) throw conflict(`The key "${ctx.key.name}" was rotated or revoked meanwhile.`);
  await recordAudit(tx, {
    teamId: ctx.key.teamId,
    actor: actor.user,
    action: "key.rotate",
    target: auditKeyTarget(ctx.key),
    outcome: "success",
    detail: {
      ...keyFacts(ctx),
      requestId,
      replacementKeyId: replacementId,
      graceHours,
      retireAt: retirement.kind === "scheduled" ? retirement.retireAt.toISOString() : null,
      retireByHand: retirement.kind === "retire_by_hand",
    },
  });
  return retirement;
}

/**
 * After the replacement is recorded: with no grace period the old key is revoked in this same
 * call (read again, as linkReplacement left it). The replacement exists whatever happens here;
 * a failed revoke stays due for the retire job, which retries it every minute.
 */
export async function retireReplacedKey(
  db: Db,
  actor: Actor,
  old: KeyContext,
  retirement: Retirement,
): Promise<ReplacedKey> {
  const id = old.key.id;
  if (retirement.kind === "retire_by_hand")
    return { id, outcome: "retire_by_hand", retireAt: null, message: retirement.note };
  const scheduled: ReplacedKey = { id, outcome: "scheduled", retireAt: retirement.retireAt.toISOString() };
  if (retirement.retireAt.getTime() > Date.now()) return scheduled;
  try {
    const outcome = await revokeLoadedKey(db, actor, await loadKeyContext(db, old.key.teamId, id), "rotate");
    return outcome.kind === "revoked"
      ? { id, outcome: "revoked", retireAt: null }
      : { id, outcome: "retire_by_hand", retireAt: null, message: outcome.message };
  } catch (err) {
    return {
      ...scheduled,
      message: `The old key could not be revoked yet (${err instanceof AppError ? err.message : "unexpected error"}); Keyward will retry within a minute.`,
    };
  }
}
