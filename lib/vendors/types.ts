/**
 * The contract every vendor adapter fulfils. Pages and route handlers only ever read
 * `capabilities` and call these methods: they never branch on a vendor's name.
 */

export type VendorId = "panos" | "expedition" | "xsiam" | "trend" | "rancher";

/** How the console decides to trust a vendor's TLS certificate. */
export type TlsTrust =
  | { mode: "system" }
  | { mode: "ca"; caPem: string }
  | { mode: "fingerprint"; sha256: string }
  /** Verification switched off. Only by an explicit, visibly flagged choice of an admin. */
  | { mode: "insecure" };

/** A connection as the adapter sees it: decrypted, server-side only. */
export interface VendorConnection {
  /** Stable id used to pool HTTPS agents; any unique string in tests. */
  id: string;
  baseUrl: string;
  tls: TlsTrust;
  /** Plain settings the admin entered (user names, tenant ids…), keyed by `ConnectionField.name`. */
  settings: Record<string, string>;
  /** Secret settings (passwords, API keys), keyed by `ConnectionField.name`. Never sent to a browser. */
  secrets: Record<string, string>;
  /** Per-call timeout; adapters default to 10 s. */
  timeoutMs?: number;
}

/** One input of the connection form beyond base URL and TLS trust. */
interface ConnectionField {
  name: string;
  label: string;
  kind: "text" | "secret" | "select" | "date";
  required: boolean;
  help?: string;
  options?: Array<{ value: string; label: string }>;
  defaultValue?: string;
  /** For a date: how far ahead it may lie, in days (XSIAM keys live at most about six months). */
  maxDaysAhead?: number;
  /** For a date: it is when Keyward's own credential expires (connections.credential_expires_at). */
  credentialExpiry?: boolean;
}

/** One extra input of the issue form (description, comment, locale, tag…). */
interface IssueField {
  name: string;
  label: string;
  kind: "text" | "textarea" | "select";
  required: boolean;
  maxLength?: number;
  /** A JavaScript regular expression the whole value must match, and what to say when it does not. */
  pattern?: string;
  patternMessage?: string;
  help?: string;
  options?: Array<{ value: string; label: string }>;
  defaultValue?: string;
}

export type ExpiryRule =
  /** The vendor has no expiry for this kind of key. */
  | { kind: "none"; statement: string }
  /** The vendor fixes the lifetime; the user cannot choose. */
  | {
      kind: "fixed";
      statement: string;
      lifetimeDays?: number;
      /** The vendor extends the lifetime on each login of the key's user (Expedition): a lower bound only. */
      renewedOnLogin?: boolean;
    }
  /**
   * The user picks; the BFF enforces `maxDays`. `enforcedBy: "keyward"` where the vendor has no
   * expiry of its own: Keyward's `keys.expire-due` job revokes the key when it falls due, and
   * `note` says so in the form.
   */
  | {
      kind: "picker";
      defaultDays: number;
      maxDays: number;
      allowNever: boolean;
      enforcedBy: "vendor" | "keyward";
      note?: string;
    };

export type LifecycleVerb = "list" | "deactivate" | "activate" | "update" | "rotate" | "revoke";

export interface ScopeRule {
  /** What the user picks to bound the key's power. */
  kind: "none" | "role" | "roles" | "environment";
  label: string;
  /** The noun for one in running text ("role"), where the label is not it (a plural "Roles"). */
  noun?: string;
  required: boolean;
  /** For an optional scope: what choosing none means, e.g. "the connection's own account". */
  emptyChoice?: string;
  /**
   * When a key is the connection's own account's key — shared, with all of the account's rights,
   * not revocable per key: "empty" when choosing no scope means it (PAN-OS), "always" when every
   * key is (Expedition). Absent: every key is a key of its own.
   */
  ownAccount?: "empty" | "always";
}

export interface VendorCapabilities {
  vendor: VendorId;
  displayName: string;
  /** Placeholder for the base URL field, e.g. "https://firewall.example.com". */
  baseUrlExample: string;
  connectionFields: ConnectionField[];
  scope: ScopeRule;
  /** Empty when the vendor has no security levels. */
  securityLevels: Array<{ value: string; label: string; help?: string }>;
  expiry: ExpiryRule;
  nameMaxLength: number;
  /** What an admin must know about this vendor's keys before relying on Keyward's inventory; shown on the connection page. */
  connectionWarning?: { title: string; text: string };
  /**
   * Set where the connection test itself makes the vendor create a key (Expedition answers every
   * login with the user's API key): what the admin is told before testing. Keyward records such
   * keys as connection keys (lib/connections/test-connection.ts).
   */
  testCreatesKey?: string;
  issueFields: IssueField[];
  lifecycle: LifecycleVerb[];
  /** The vendor's key list says when each key last authenticated; reconcile records it. */
  reportsLastUsed?: boolean;
}

export interface VendorRole {
  id: string;
  name: string;
  description?: string;
}

/** What the connection test shows the admin (hostname, model, version…). */
export interface ConnectionTestResult {
  facts: Array<{ label: string; value: string }>;
  /**
   * When the credential the connection signs in with expires, where the vendor reports it (Trend's
   * /apikeys/current); null when it reports none; absent where the vendor cannot say.
   */
  credentialExpiresAt?: Date | null;
}

/** A key the vendor created because Keyward called it for its own purposes (a connection test's login). */
export interface CreatedConnectionKey {
  vendorKeyId: string;
  fingerprint: string;
  expiresAt: Date | null;
}

export interface ConnectionTestHooks {
  /** Called as soon as the vendor has answered with a key, before any later step can fail. */
  onKeyCreated?(key: CreatedConnectionKey): void;
}

export interface MintRequest {
  name: string;
  /** Role ids / environment id chosen by the user; empty when the scope kind is "none". */
  scope: string[];
  securityLevel?: string;
  /** Undefined when the vendor fixes or has no expiry, or the user chose "never". */
  expiresAt?: Date;
  /** Values of `issueFields`, keyed by name. */
  fields: Record<string, string>;
  /**
   * The exact name the key gets on the vendor, as `vendorKeyName` chose it and Keyward recorded
   * before this call (lib/issuance): the adapter uses it verbatim. Absent: the adapter names it.
   */
  vendorKeyName?: string;
}

/** One step of a mint, as the person waiting for it is told (never a secret). */
export interface MintProgress {
  /** What happened: `vendor_call`, `admin_created`, `commit`, `key_created`… */
  step: string;
  /** A sentence for the page, e.g. "Commit job 12 at 40 %". */
  message: string;
  /** For a step that reports one (a PAN-OS commit job), 0-100. */
  percent?: number;
}

/**
 * What the caller adds to a mint: where to report progress, and a signal that the person has
 * gone. An adapter stops only where stopping leaves nothing unknown on the vendor (a PAN-OS
 * commit being waited on, with its administrator removed again) and otherwise finishes, so
 * the caller can take the key back.
 */
export interface MintContext {
  progress?: (step: MintProgress) => void;
  signal?: AbortSignal;
}

/** A snippet shown with the secret in the copy-once panel; it may embed the secret. */
export interface UsageSnippet {
  label: string;
  /** Offered as a download when set. */
  filename?: string;
  content: string;
}

export interface MintResult {
  /** The vendor's id for the key, or the console's own reference where the vendor has none. */
  vendorKeyId: string;
  /** The secret the user must keep. Lives only in memory and in one HTTPS response. */
  secret: string;
  /** A non-secret identifier shown beside the secret (Rancher access key, XSIAM key id…). */
  publicId?: string;
  expiresAt: Date | null;
  /** Non-secret facts the adapter needs later for lifecycle calls (admin name, project id…). */
  meta: Record<string, string>;
  usage: UsageSnippet[];
}

/** How an adapter finds an issued key again. */
export interface KeyRef {
  vendorKeyId: string;
  meta: Record<string, string>;
}

export interface VendorKeySummary {
  vendorKeyId: string;
  name: string;
  active: boolean;
  expiresAt: Date | null;
  /** When the key last authenticated, where the vendor's key list says (Trend's `lastSignIn`); null: never. */
  lastUsedAt?: Date | null;
}

export interface KeyUpdate {
  name?: string;
  description?: string;
}

export interface VendorAdapter {
  readonly capabilities: VendorCapabilities;
  /** Runs the vendor's real verification call with the connection's credentials. */
  testConnection(conn: VendorConnection, hooks?: ConnectionTestHooks): Promise<ConnectionTestResult>;
  /** Roles or environments the user may choose from; empty when scope kind is "none". */
  listRoles(conn: VendorConnection): Promise<VendorRole[]>;
  /**
   * Where the vendor lets Keyward choose the key's name (or a field it lists keys by): the exact
   * name a mint of `request` will use, carrying `tag`, which is unique to one issuing attempt —
   * so a key left behind by a console that died mid-mint can be found again. Null (or absent)
   * where Keyward cannot name the key.
   */
  vendorKeyName?(request: MintRequest, tag: string): string | null;
  /**
   * Recovery after a console died mid-mint (lib/issuance/recover.ts): the keys on the vendor that
   * carry `vendorName` — an attempt's name from `vendorKeyName` — as refs `revoke` takes. Present
   * where the vendor lets Keyward find its keys again; an empty list means the vendor holds none.
   */
  findByVendorName?(conn: VendorConnection, vendorName: string): Promise<KeyRef[]>;
  mint(conn: VendorConnection, request: MintRequest, context?: MintContext): Promise<MintResult>;
  /** Proves a freshly minted secret works, where the vendor allows it. */
  verifyKey?(
    conn: VendorConnection,
    key: { secret: string; publicId?: string; meta: Record<string, string> },
  ): Promise<boolean>;
  list?(conn: VendorConnection): Promise<VendorKeySummary[]>;
  deactivate?(conn: VendorConnection, ref: KeyRef): Promise<void>;
  activate?(conn: VendorConnection, ref: KeyRef): Promise<void>;
  update?(conn: VendorConnection, ref: KeyRef, change: KeyUpdate): Promise<void>;
  /** Replaces the secret of an existing key (Trend Micro "reset secret"). */
  rotate?(conn: VendorConnection, ref: KeyRef): Promise<MintResult>;
  revoke?(conn: VendorConnection, ref: KeyRef): Promise<void>;
}
