import "server-only";
import type { Db } from "@/lib/db/client";
import { violatesUnique } from "@/lib/db/unique-violation";
import { recordAudit, recordAuditAlone } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { secretFingerprint } from "@/lib/vendors/fingerprint";
import type { MintRequest, UsageSnippet, VendorAdapter } from "@/lib/vendors/types";
import { toVendorConnection } from "@/lib/connections/credentials";
import type { ConnectionRow } from "@/lib/connections/queries";
import { insertKey, type KeyView } from "./queries";

export interface Actor {
  user: { id: string; email: string };
  team: { id: string };
}

/** The one response that carries a secret. Never stored, logged or cached. */
export interface IssuedKey {
  key: KeyView;
  secret: string;
  publicId?: string;
  usage: UsageSnippet[];
}

export interface Provenance {
  requestId: string;
  reason: string;
  approvedBy: string;
  /** Keyward-side meta carried over from a key this one replaces (a description edited in Keyward). */
  keptMeta?: Record<string, string>;
  /**
   * Runs in the transaction that records the key (marks the request issued). The key's view in
   * the answer is the row as inserted, so this must not change the new key's listed fields.
   */
  onRecorded: (tx: Db, keyId: string) => Promise<void>;
}

/**
 * Mints a key on the vendor in this request and records what identifies it — never the
 * secret. A vendor failure records nothing but the audit event, so the user can retry.
 */
export async function mintAndRecord(db: Db, actor: Actor, row: ConnectionRow, adapter: VendorAdapter, request: MintRequest, provenance: Provenance): Promise<IssuedKey> {
  const conn = toVendorConnection(row);
  const auditBase = { teamId: actor.team.id, actor: actor.user, action: "key.issue" } as const;
  const what = { name: request.name, connection: row.name, vendor: row.vendor, scope: request.scope, securityLevel: request.securityLevel ?? null, requestId: provenance.requestId };

  let minted;
  try {
    minted = await adapter.mint(conn, request);
  } catch (err) {
    const e = err instanceof AppError ? err : null;
    await recordAuditAlone(db, { ...auditBase, target: { type: "connection", id: row.id }, outcome: "failure", detail: { ...what, code: e?.code ?? "internal", message: e?.message ?? "unexpected error" } });
    throw err;
  }

  const { fingerprint, lastFour } = secretFingerprint(minted.secret);
  try {
    const key = await db.transaction(async (raw) => {
      const tx = raw as unknown as Db;
      const inserted = await insertKey(tx, {
        teamId: actor.team.id,
        connectionId: row.id,
        vendor: row.vendor,
        name: request.name,
        vendorKeyId: minted.vendorKeyId,
        publicId: minted.publicId ?? null,
        scope: request.scope,
        securityLevel: request.securityLevel ?? null,
        fingerprint,
        lastFour,
        meta: provenance.keptMeta ? { ...minted.meta, ...provenance.keptMeta } : minted.meta,
        issuedBy: actor.user.id,
        approvedBy: provenance.approvedBy,
        requestId: provenance.requestId,
        reason: provenance.reason,
        expiresAt: minted.expiresAt,
      });
      await provenance.onRecorded(tx, inserted.id);
      await recordAudit(tx, { ...auditBase, target: { type: "key", id: inserted.id }, outcome: "success", detail: { ...what, vendorKeyId: minted.vendorKeyId, fingerprint, expiresAt: minted.expiresAt?.toISOString() ?? null } });
      return inserted;
    });
    return { key, secret: minted.secret, publicId: minted.publicId, usage: minted.usage };
  } catch (err) {
    if (violatesUnique(err, "keys_connection_vendor_key_idx")) {
      // The vendor handed back a key Keyward already records (PAN-OS derives one key per account
      // when no key lifetime is set). Revoking it would cut off the recorded key: say so instead.
      await recordAuditAlone(db, { ...auditBase, target: { type: "connection", id: row.id }, outcome: "failure", detail: { ...what, code: "same_key", vendorKeyId: minted.vendorKeyId } }).catch(() => undefined);
      throw new AppError(
        "same_key",
        409,
        `${adapter.capabilities.displayName} returned a key that is already in the inventory (vendor id ${minted.vendorKeyId}), so no new key was issued. Use that key, or choose ${/^[aeiou]/i.test(adapter.capabilities.scope.label) ? "an" : "a"} ${adapter.capabilities.scope.label.toLowerCase()} to get a key of its own.`,
      );
    }
    // The vendor holds a key the console could not record: take it back where the vendor allows.
    let undone = false;
    if (adapter.revoke) undone = await adapter.revoke(conn, { vendorKeyId: minted.vendorKeyId, meta: minted.meta }).then(() => true, () => false);
    await recordAuditAlone(db, { ...auditBase, target: { type: "connection", id: row.id }, outcome: "failure", detail: { ...what, code: "record_failed", vendorKeyId: minted.vendorKeyId, revokedOnVendor: undone } }).catch(() => undefined);
    throw new AppError(
      "record_failed",
      500,
      undone
        ? "The key was created on the vendor but could not be recorded, so it was revoked again. Try again."
        : `The key was created on the vendor (id ${minted.vendorKeyId}) but could not be recorded. Retire it by hand on the vendor, then try again.`,
    );
  }
}
