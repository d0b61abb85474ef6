import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keys } from "@/lib/db/schema";
import { recordAudit, recordAuditAlone } from "@/lib/audit/record";
import { AppError, invalid } from "@/lib/errors";
import { secretFingerprint } from "@/lib/vendors/fingerprint";
import type { VendorCapabilities } from "@/lib/vendors/types";
import { mintInputErrors, toMintRequest, type IssueKeyBody } from "../mint-input";
import { auditKeyTarget, keyFacts, vendorStep, type KeyContext, type KeyRow, type LifecycleActor } from "./context";

const DAY_MS = 24 * 60 * 60 * 1000;

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
      expiresAt = caps.expiry.allowNever ? null : new Date(now.getTime() + caps.expiry.defaultDays * DAY_MS).toISOString();
    }
  }
  const fields: Record<string, string> = {};
  for (const f of caps.issueFields) {
    const value = old.meta[f.name] ?? f.defaultValue;
    if (value !== undefined && value !== "") fields[f.name] = value;
  }
  return { connectionId: old.connectionId, name: old.name, scope: old.scope, securityLevel: old.securityLevel ?? undefined, expiresAt, fields };
}

export interface Replacement {
  row: KeyRow;
  secret: string;
  publicId?: string;
  usage: import("@/lib/vendors/types").UsageSnippet[];
}

/**
 * Mints the replacement of `ctx.key` through the adapter and records it like issueKey does,
 * linking the old row to it (`replacedByKeyId`) and setting the old one's retirement in the
 * same transaction. `oldKeyChange` is what the caller decided for the old key.
 *
 * Once requests and approvals are merged, rotation should create a key request with this body
 * and let its policy decide; see docs/notes-lifecycle.md.
 */
export async function mintReplacement(db: Db, actor: LifecycleActor, ctx: KeyContext, oldKeyChange: Partial<Pick<KeyRow, "retireAt" | "retireByHand" | "meta">>, auditDetail: Record<string, unknown>): Promise<Replacement> {
  const caps = ctx.adapter.capabilities;
  const body = replacementBody(caps, ctx.key);
  const errors = mintInputErrors(caps, body);
  if (Object.keys(errors).length > 0) throw invalid(`The old key's settings no longer pass ${caps.displayName}'s rules (${Object.values(errors).join(" ")}); issue a new key instead.`, errors);
  const request = toMintRequest(body);
  const facts = { ...keyFacts(ctx), ...auditDetail };
  const target = auditKeyTarget(ctx.key);
  const minted = await vendorStep(db, actor, actor.team.id, "key.rotate", target, facts, () => ctx.adapter.mint(ctx.conn, request));
  if (minted.vendorKeyId === ctx.key.vendorKeyId) {
    // Some vendors hand out one key per account (PAN-OS keygen for the connection's own admin): nothing new was minted.
    const message = "The vendor answered with the same key again (it keeps one key per account), so rotation cannot replace it. Retire the key by hand on the vendor, then issue a new one.";
    await recordAuditAlone(db, { teamId: actor.team.id, actor: actor.user, action: "key.rotate", target, outcome: "failure", detail: { ...facts, code: "rotation_same_key", message } }).catch(() => undefined);
    throw new AppError("rotation_same_key", 409, message);
  }
  const { fingerprint, lastFour } = secretFingerprint(minted.secret);
  try {
    const row = await db.transaction(async (raw) => {
      const tx = raw as unknown as Db;
      const [inserted] = await tx
        .insert(keys)
        .values({
          teamId: ctx.key.teamId,
          connectionId: ctx.key.connectionId,
          vendor: ctx.key.vendor,
          name: request.name,
          vendorKeyId: minted.vendorKeyId,
          publicId: minted.publicId ?? null,
          scope: request.scope,
          securityLevel: request.securityLevel ?? null,
          fingerprint,
          lastFour,
          // A description edited in Keyward lives in meta (update.ts); the replacement keeps it.
          meta: ctx.key.meta.description !== undefined ? { ...minted.meta, description: ctx.key.meta.description } : minted.meta,
          issuedBy: actor.user.id,
          reason: `Rotation of key ${ctx.key.id}`,
          expiresAt: minted.expiresAt,
        })
        .returning();
      await tx.update(keys).set({ replacedByKeyId: inserted!.id, ...oldKeyChange }).where(eq(keys.id, ctx.key.id));
      await recordAudit(tx, { teamId: actor.team.id, actor: actor.user, action: "key.rotate", target, outcome: "success", detail: { ...facts, replacementKeyId: inserted!.id, replacementVendorKeyId: minted.vendorKeyId, fingerprint, expiresAt: minted.expiresAt?.toISOString() ?? null } });
      return inserted!;
    });
    return { row, secret: minted.secret, publicId: minted.publicId, usage: minted.usage };
  } catch {
    // The vendor holds a key the console could not record: take it back where the vendor allows.
    const undone = ctx.adapter.revoke ? await ctx.adapter.revoke(ctx.conn, { vendorKeyId: minted.vendorKeyId, meta: minted.meta }).then(() => true, () => false) : false;
    await recordAuditAlone(db, { teamId: actor.team.id, actor: actor.user, action: "key.rotate", target, outcome: "failure", detail: { ...facts, code: "record_failed", vendorKeyId: minted.vendorKeyId, revokedOnVendor: undone } }).catch(() => undefined);
    throw new AppError(
      "record_failed",
      500,
      undone
        ? "The replacement was created on the vendor but could not be recorded, so it was revoked again. The old key is unchanged; try again."
        : `The replacement was created on the vendor (id ${minted.vendorKeyId}) but could not be recorded. Retire it by hand on the vendor, then try again.`,
    );
  }
}
