/**
 * What bulk revoke previews and reports (bulk-revoke.ts). Pure, so the keys page's dialog reads
 * the same shapes and limits as the BFF.
 */

/** At most this many keys per bulk revoke: a larger selection is revoked in rounds. */
export const BULK_REVOKE_MAX = 200;
/** The preview names this many keys; the count covers them all. */
export const PREVIEW_NAMES = 20;

export interface BulkRevokePreview {
  /** Live keys the confirmation would revoke (at most BULK_REVOKE_MAX). */
  count: number;
  /** More keys match than one round covers: the oldest BULK_REVOKE_MAX are in this one. */
  more: boolean;
  /** Exactly the keys of this preview, sent back by the confirmation. */
  keyIds: string[];
  /** The first PREVIEW_NAMES of them, oldest first. */
  keys: Array<{
    id: string;
    name: string;
    vendorName: string;
    connectionName: string;
    owner: string;
    /** The vendor cannot revoke this key: it will be marked "retire by hand". */
    byHand: boolean;
  }>;
  /** Per vendor, how many of the keys cannot be revoked through its API. */
  byHand: Array<{ vendor: string; vendorName: string; count: number }>;
}

export interface BulkRevokeReport {
  id: string;
  /** Null when the key no longer exists. */
  name: string | null;
  outcome: "revoked" | "retire_by_hand" | "failed" | "skipped";
  /** The vendor's explanation, the failure, or why the key was skipped. */
  message: string | null;
}

export interface BulkRevokeResult {
  revoked: number;
  retireByHand: number;
  failed: number;
  skipped: number;
  keys: BulkRevokeReport[];
}
