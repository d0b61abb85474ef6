/**
 * What becomes of a leaving member's live keys. Pure (no server imports): the removal dialog
 * and the BFF read the same choices.
 */
export const KEY_DISPOSITIONS = ["revoke", "handover", "keep"] as const;
export type KeyDisposition = (typeof KEY_DISPOSITIONS)[number];

export const DISPOSITION_LABELS: Record<KeyDisposition, string> = {
  revoke: "Revoke them on their vendors",
  handover: "Hand them over to another member",
  keep: "Keep them, flagged as ownerless",
};

/** A live key of the leaving member, as the removal dialog lists it. */
export interface OwnedKeyView {
  id: string;
  name: string;
  vendor: string;
  connectionName: string;
  status: string;
  expiresAt: string | null;
}

export interface RemovalResult {
  keys: KeyDisposition | "none";
  /** Keys now revoked on their vendors. */
  revoked: number;
  /** Keys the vendor cannot revoke: marked "retire by hand" and kept, ownerless. */
  retireByHand: Array<{ id: string; name: string }>;
  /** Keys whose revoke failed: kept, ownerless, for an admin to retry from the key's page. */
  failed: Array<{ id: string; name: string; message: string }>;
  handedOver: number;
  kept: number;
}
