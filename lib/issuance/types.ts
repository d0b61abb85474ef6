import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import type { issueAttempts } from "@/lib/db/schema";
import type { ConnectionRow } from "@/lib/connections/queries";
import type { KeyView } from "@/lib/keys/queries";
import type { KeyContext } from "@/lib/keys/lifecycle/context";
import type { ReplacedKey, Retirement } from "@/lib/keys/lifecycle/replacement";
import type { RequestRow } from "@/lib/requests/rows";
import type { MintContext, MintResult, UsageSnippet, VendorAdapter } from "@/lib/vendors/types";

/*
 * The contexts the issuance pipeline hands from step to step (lib/issuance/README in
 * docs/ARCHITECTURE.md): each step takes one and returns the next, a little fuller.
 *
 *   file or claim  →  Claimed   (the request is held by this call; its attempt is recorded)
 *   mint           →  Minted    (the vendor made the key; its secret is in memory only)
 *   record         →  Recorded  (the key row exists; the request is issued, the attempt settled)
 *   retire         →  IssuedFromRequest (the answer, with what became of a replaced key)
 */

export type AttemptRow = typeof issueAttempts.$inferSelect;

export interface Claimed {
  db: Db;
  /** Who issues: the requester, the only person the secret is shown to. */
  issuer: Actor;
  connection: ConnectionRow;
  adapter: VendorAdapter;
  request: RequestRow;
  /** The intent, durable before the vendor call: its `vendorName` is what the key is called there. */
  attempt: AttemptRow;
  /** A rotation: the key the new one replaces, loaded and checked before the claim. */
  replaces?: KeyContext;
  /** A caller that watches the mint (streamed progress) and may leave before the answer is written. */
  delivery?: Delivery;
}

/**
 * The person waiting for the answer: told each step, and gone once `signal` fires — then the
 * key is taken back instead of handed over (take-back.ts).
 */
export type Delivery = MintContext;

export interface Minted extends Claimed {
  minted: MintResult;
  /** The vendor's names of the scope ids (scope-names.ts), or null. */
  scopeNames: Record<string, string> | null;
}

export interface Recorded extends Minted {
  key: KeyView;
  /** A rotation: what the recording transaction decided for the replaced key. */
  retirement?: Retirement;
}

/** The one response that carries a secret. Never stored, logged or cached. */
export interface IssuedKey {
  key: KeyView;
  secret: string;
  publicId?: string;
  usage: UsageSnippet[];
}

export interface IssuedFromRequest extends IssuedKey {
  /** For a rotation: what became of the key it replaces. */
  replaced?: ReplacedKey;
}

/** What a caller adds to any issue: the submission's Idempotency-Key, if it sent one, and who watches it. */
export interface Submission {
  idempotencyKey?: string;
  delivery?: Delivery;
}
