import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** argon2id; null for accounts that only sign in through SSO. */
    passwordHash: text("password_hash"),
    /** Set for local accounts an admin created with a one-time initial password. */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    /** OpenID Connect identity (issuer + subject) for users who sign in by SSO. */
    oidcIssuer: text("oidc_issuer"),
    oidcSubject: text("oidc_subject"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_idx").on(sql`lower(${t.email})`),
    uniqueIndex("users_oidc_idx").on(t.oidcIssuer, t.oidcSubject),
  ],
);

/**
 * One row per failed password check, under a throttle key (lib/auth/throttle.ts): the account,
 * the account at one client address, the address, or a signed-in user's confirmations. Counted
 * over a sliding window, so every console instance sees the same delays.
 */
export const authFailures = pgTable(
  "auth_failures",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    key: text("key").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("auth_failures_key_at_idx").on(t.key, t.at)],
);

/** The last successful password sign-in of an account from a client address: others' failures do not hold it up. */
export const trustedSignIns = pgTable(
  "trusted_sign_ins",
  {
    email: text("email").notNull(),
    address: text("address").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.email, t.address] })],
);

/** A user's WebAuthn credentials (passkeys). The public key only: the private key never leaves the authenticator. */
export const passkeys = pgTable(
  "passkeys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The authenticator's credential id, base64url. */
    credentialId: text("credential_id").notNull(),
    /** COSE public key, base64url. */
    publicKey: text("public_key").notNull(),
    /** The signature counter last seen (0 for authenticators that keep none). */
    counter: bigint("counter", { mode: "number" }).notNull().default(0),
    transports: jsonb("transports").$type<string[]>().notNull().default([]),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("passkeys_credential_id_idx").on(t.credentialId), index("passkeys_user_idx").on(t.userId)],
);

/**
 * A user's authenticator app (TOTP). The secret is sealed with the console key (lib/crypto/seal.ts),
 * bound to the user id; it counts once `confirmedAt` is set by a first correct code.
 */
export const totpFactors = pgTable("totp_factors", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  sealedSecret: text("sealed_secret").notNull(),
  confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
  /** The 30-second step of the last accepted code: a code of that step or before is refused (no replay). */
  lastUsedStep: bigint("last_used_step", { mode: "number" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One-time recovery codes, as SHA-256 hashes only; a used code keeps its row with `usedAt`. */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("recovery_codes_hash_idx").on(t.userId, t.codeHash)],
);

/** WebAuthn challenges, kept server-side until used once (deleted) or expired. */
export const webauthnChallenges = pgTable(
  "webauthn_challenges",
  {
    challenge: text("challenge").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** What the answer may be used for: "register", "sign-in" or "sudo". */
    purpose: text("purpose").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("webauthn_challenges_user_idx").on(t.userId)],
);

/**
 * A signed-in browser: one row per sign-in, checked on every request (lib/auth/session.ts), so a
 * session can be listed and ended at once. Only the SHA-256 of the session's random id is kept:
 * the id itself lives only in next-auth's encrypted cookie, so reading this table does not let
 * anyone ride a session. `id` is the row's public handle (the sessions page, the revoke route).
 */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Hex SHA-256 of the random id the cookie carries (`sid`). */
    secretHash: text("secret_hash").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** Refreshed at most about once a minute (see session.ts); idle expiry counts from here. */
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    /** The absolute end: sign-in time + KEYWARD_SESSION_MAX_HOURS, whatever the activity. */
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endedReason: text("ended_reason", {
      enum: ["sign_out", "revoked", "sign_out_everywhere", "password_changed", "removed_from_team"],
    }),
    method: text("method", { enum: ["password", "sso"] }).notNull(),
    userAgent: text("user_agent"),
    clientAddress: text("client_address"),
  },
  (t) => [
    uniqueIndex("sessions_secret_hash_idx").on(t.secretHash),
    // The account's live sessions (the sessions page, ending them all).
    index("sessions_user_live_idx")
      .on(t.userId, t.createdAt)
      .where(sql`${t.endedAt} is null`),
  ],
);

export const teams = pgTable("teams", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  /** Whether an admin may approve their own key request. */
  selfApproval: boolean("self_approval").notNull().default(false),
  /** How long an approval stays issuable, in minutes (default 24 h). */
  approvalWindowMinutes: integer("approval_window_minutes").notNull().default(1440),
  /** SSO users whose e-mail is in this domain join the team as members on first sign-in. */
  ssoEmailDomain: text("sso_email_domain"),
  /** Members without a passkey or authenticator app must enrol one before anything else. */
  requireSecondFactor: boolean("require_second_factor").notNull().default(false),
  /**
   * Revoke keys unused this many days (7..365; null: off), on vendors that report last use.
   * The owner is reminded 7 days before (lib/keys/lifecycle/unused.ts).
   */
  revokeUnusedAfterDays: integer("revoke_unused_after_days"),
  /**
   * The team's rotation policy: a key should be rotated this many days after it was issued
   * (owners are told once per key and due date, lib/keys/lifecycle/custody-events.ts). Null: no policy.
   */
  rotationDays: integer("rotation_days"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** An invite link: only the SHA-256 of its token is stored. */
export const invites = pgTable(
  "invites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["admin", "member", "auditor"] }).notNull(),
    email: text("email"),
    tokenHash: text("token_hash").notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    usedBy: uuid("used_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("invites_token_idx").on(t.tokenHash), index("invites_team_idx").on(t.teamId)],
);

export const memberships = pgTable(
  "memberships",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["admin", "member", "auditor"] }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] })],
);

export const connections = pgTable(
  "connections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    vendor: text("vendor").notNull(),
    name: text("name").notNull(),
    baseUrl: text("base_url").notNull(),
    tlsMode: text("tls_mode", { enum: ["system", "ca", "fingerprint", "insecure"] }).notNull(),
    tlsCaPem: text("tls_ca_pem"),
    tlsFingerprint: text("tls_fingerprint"),
    /** Plain vendor settings (user names, tenant ids). */
    settings: jsonb("settings").$type<Record<string, string>>().notNull(),
    /** AES-256-GCM sealed JSON of the vendor credentials; see lib/crypto/seal.ts. */
    sealedSecrets: text("sealed_secrets").notNull(),
    lastTestAt: timestamp("last_test_at", { withTimezone: true }),
    lastTestOk: boolean("last_test_ok"),
    lastTestMessage: text("last_test_message"),
    lastTestFacts: jsonb("last_test_facts").$type<Array<{ label: string; value: string }>>(),
    /**
     * When Keyward's own credential for the vendor stops working: read from the vendor at each
     * test where it reports it (Trend's /apikeys/current), else entered by the admin (XSIAM).
     * The expiry reminder loop announces it to the admins.
     */
    credentialExpiresAt: timestamp("credential_expires_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("connections_team_name_idx").on(t.teamId, sql`lower(${t.name})`)],
);

/**
 * A connection's policy is its grants: which team role may request which vendor roles or
 * environments and security levels, for how long, and whether an admin must approve.
 */
export const grants = pgTable(
  "grants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    teamRole: text("team_role", { enum: ["admin", "member", "auditor"] }).notNull(),
    /** The vendor roles / environments this grant names; empty names none (unless `anyScope`). */
    scopes: jsonb("scopes").$type<string[]>().notNull(),
    /** Any role or environment the vendor lists, administrator roles included: an explicit choice. */
    anyScope: boolean("any_scope").notNull().default(false),
    /**
     * Keys of the connection's own account (PAN-OS with no role profile, every Expedition key):
     * shared, with the account's full rights and not revocable per key, so only when named.
     */
    ownAccount: boolean("own_account").notNull().default(false),
    /** Keys that never expire, where the vendor allows it; otherwise every key has an expiry. */
    allowNever: boolean("allow_never").notNull().default(false),
    /** Allowed security levels; empty means any the vendor offers. */
    securityLevels: jsonb("security_levels").$type<string[]>().notNull(),
    /** Lifetime bounds in days, never above the vendor's maximum; null where the vendor fixes expiry. */
    defaultDays: integer("default_days"),
    maxDays: integer("max_days"),
    requiresApproval: boolean("requires_approval").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("grants_connection_idx").on(t.connectionId)],
);

/** A member's request for a key: pending → approved → issued, or denied / cancelled / lapsed. */
export const keyRequests = pgTable(
  "key_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id),
    requesterId: uuid("requester_id")
      .notNull()
      .references(() => users.id),
    grantId: uuid("grant_id").references(() => grants.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    scope: jsonb("scope").$type<string[]>().notNull(),
    /**
     * The vendor's names of the scope ids as listed when the request was filed, so cards and the
     * approver read "Auditor", not "2"; null for older requests or when the vendor's list failed.
     */
    scopeNames: jsonb("scope_names").$type<Record<string, string>>(),
    securityLevel: text("security_level"),
    /** Requested expiry; an approver may shorten it. Null where the vendor fixes it or "never". */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    fields: jsonb("fields").$type<Record<string, string>>().notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: ["pending", "approved", "denied", "cancelled", "lapsed", "issued"] }).notNull(),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionReason: text("decision_reason"),
    /** When an approval lapses if the key has not been issued. */
    approvalExpiresAt: timestamp("approval_expires_at", { withTimezone: true }),
    /** Set while one "Issue" call holds the request, so concurrent calls cannot mint twice. */
    issuingSince: timestamp("issuing_since", { withTimezone: true }),
    /** For a rotation: the key this request replaces. */
    replacesKeyId: uuid("replaces_key_id"),
    /** For a rotation: hours the replaced key stays live once the replacement is issued (0 = revoke at once). */
    replaceGraceHours: integer("replace_grace_hours"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("key_requests_team_status_idx").on(t.teamId, t.status, t.createdAt),
    index("key_requests_requester_idx").on(t.requesterId, t.createdAt),
    // The team's requests newest first, a page at a time (Approvals' decided and auto-approved lists, auditors).
    index("key_requests_team_created_idx").on(t.teamId, t.createdAt),
    // At most one rotation of a key under way: two admins rotating at once get one request and a 409.
    uniqueIndex("key_requests_open_rotation_idx")
      .on(t.replacesKeyId)
      .where(sql`${t.status} in ('pending', 'approved')`),
    // The lapse job's scan across teams: approvals by the end of their window.
    index("key_requests_approved_window_idx")
      .on(t.approvalExpiresAt)
      .where(sql`${t.status} = 'approved'`),
  ],
);

/**
 * One try at issuing a request's key, written before the vendor is called (the intent) and
 * settled after it: "recorded" with the key, or "failed". One still "minting" long after its
 * start belongs to a console that died between the vendor and the database; `vendorName` is how
 * a recovery sweep finds what it may have left on the vendor.
 */
export const issueAttempts = pgTable(
  "issue_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    requestId: uuid("request_id")
      .notNull()
      .references(() => keyRequests.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id),
    /** Who issues: the requester, who alone receives the secret. */
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /**
     * What Keyward writes on the vendor key to find it again, unique to this attempt: the PAN-OS
     * administrator's name; a `keyward-<tag>` marker in the XSIAM comment or the Trend / Rancher
     * description. Null where Keyward cannot name the key (Expedition, a PAN-OS account key).
     */
    vendorName: text("vendor_name"),
    /**
     * minting → recorded (the key row exists) or failed (the vendor call failed; nothing left) —
     * or, settled by the recovery sweep after a console died mid-mint (lib/issuance/recover.ts):
     * recovered (any key it left was found and revoked) or undelivered (the vendor may hold a key
     * Keyward can neither find nor revoke: an admin retires it by hand).
     */
    status: text("status", { enum: ["minting", "recorded", "failed", "recovered", "undelivered"] })
      .notNull()
      .default("minting"),
    keyId: uuid("key_id"),
    /** Why a failed attempt failed, as the caller was told (never a secret). */
    failureCode: text("failure_code"),
    failureMessage: text("failure_message"),
    /** The caller's Idempotency-Key: one submission, one attempt, per team and user. */
    idempotencyKey: text("idempotency_key"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    settledAt: timestamp("settled_at", { withTimezone: true }),
    /** An undelivered attempt's key retired by hand on the vendor, as an admin confirmed: when and by whom. */
    retiredByHandAt: timestamp("retired_by_hand_at", { withTimezone: true }),
    retiredByHandBy: uuid("retired_by_hand_by").references(() => users.id),
  },
  (t) => [
    // NULLs are distinct: calls without the header never collide.
    uniqueIndex("issue_attempts_idempotency_idx").on(t.teamId, t.userId, t.idempotencyKey),
    uniqueIndex("issue_attempts_vendor_name_idx").on(t.connectionId, t.vendorName),
    index("issue_attempts_request_idx").on(t.requestId, t.startedAt),
    // The recovery sweep's "unsettled and older than N".
    index("issue_attempts_unsettled_idx")
      .on(t.startedAt)
      .where(sql`${t.status} = 'minting'`),
    // The dashboard's "undelivered — retire by hand" count and list.
    index("issue_attempts_undelivered_idx")
      .on(t.teamId, t.settledAt)
      .where(sql`${t.status} = 'undelivered' and ${t.retiredByHandAt} is null`),
  ],
);

/** In-console notifications (request approved, denied…). */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "cascade" }),
    message: text("message").notNull(),
    link: text("link"),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt)],
);

/** An issued key. Holds how to recognise the secret (fingerprint, last four), never the secret. */
export const keys = pgTable(
  "keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id),
    vendor: text("vendor").notNull(),
    name: text("name").notNull(),
    vendorKeyId: text("vendor_key_id").notNull(),
    publicId: text("public_id"),
    scope: jsonb("scope").$type<string[]>().notNull(),
    /**
     * The vendor's names of the scope ids, as listed when the key was issued (Trend role "2" is
     * "Auditor"); null for keys issued before names were kept, or when the vendor's list failed.
     */
    scopeNames: jsonb("scope_names").$type<Record<string, string>>(),
    securityLevel: text("security_level"),
    status: text("status", { enum: ["active", "inactive", "expired", "revoked", "drifted"] })
      .notNull()
      .default("active"),
    fingerprint: text("fingerprint").notNull(),
    lastFour: text("last_four").notNull(),
    meta: jsonb("meta").$type<Record<string, string>>().notNull(),
    issuedBy: uuid("issued_by")
      .notNull()
      .references(() => users.id),
    approvedBy: uuid("approved_by").references(() => users.id),
    /** The request this key was issued from; unique, so one request yields at most one key. */
    requestId: uuid("request_id"),
    reason: text("reason"),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** Rotation: the key that replaced this one, and when this one is to be revoked. */
    replacedByKeyId: uuid("replaced_by_key_id"),
    retireAt: timestamp("retire_at", { withTimezone: true }),
    /** Set when the vendor cannot revoke: an admin must retire the key on the vendor. */
    retireByHand: boolean("retire_by_hand").notNull().default(false),
    /** Last reconciliation that saw the key on the vendor. */
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    /** When the key last authenticated, as reconcile read it from a vendor that reports it (Trend's lastSignIn). */
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    /**
     * When the requester's page said it showed the secret. Null past a minute after the issue:
     * "delivery unconfirmed" — the secret may never have reached anyone, for an admin to decide.
     */
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    /**
     * When the person it was issued for left before the answer carrying its secret was written
     * (closed the page, pressed Cancel): the key was taken back — revoked, or flagged for an
     * admin to retire by hand where the vendor cannot revoke — and its request reopened.
     */
    undeliveredAt: timestamp("undelivered_at", { withTimezone: true }),
  },
  (t) => [
    index("keys_team_issued_idx").on(t.teamId, t.issuedAt, t.id),
    index("keys_team_expires_idx").on(t.teamId, t.expiresAt, t.id),
    index("keys_team_status_idx").on(t.teamId, t.status, t.issuedAt, t.id),
    index("keys_team_owner_idx").on(t.teamId, t.issuedBy, t.issuedAt, t.id),
    index("keys_connection_idx").on(t.connectionId, t.issuedAt, t.id),
    uniqueIndex("keys_connection_vendor_key_idx").on(t.connectionId, t.vendorKeyId),
    uniqueIndex("keys_request_idx").on(t.requestId),
    // Inventory list (lib/keys/list-keys.ts): keyset sort on expiry with "never" last, name sort and
    // prefix search in byte order (so LIKE 'abc%' can use the same index), vendor filter and counts.
    index("keys_team_expires_sort_idx").on(t.teamId, sql`coalesce(${t.expiresAt}, 'infinity'::timestamptz)`, t.id),
    index("keys_team_name_idx").on(t.teamId, sql`lower(${t.name}) collate "C"`, t.id),
    index("keys_team_vendor_idx").on(t.teamId, t.vendor, t.issuedAt, t.id),
    // A filter plus a sort by name or expiry: names often follow a connection's, owner's or vendor's
    // convention, so walking the team-wide sort index and filtering could read most of the team.
    index("keys_connection_name_idx").on(t.connectionId, sql`lower(${t.name}) collate "C"`, t.id),
    index("keys_connection_expires_idx").on(
      t.connectionId,
      sql`coalesce(${t.expiresAt}, 'infinity'::timestamptz)`,
      t.id,
    ),
    index("keys_team_owner_name_idx").on(t.teamId, t.issuedBy, sql`lower(${t.name}) collate "C"`, t.id),
    index("keys_team_owner_expires_idx").on(
      t.teamId,
      t.issuedBy,
      sql`coalesce(${t.expiresAt}, 'infinity'::timestamptz)`,
      t.id,
    ),
    index("keys_team_vendor_name_idx").on(t.teamId, t.vendor, sql`lower(${t.name}) collate "C"`, t.id),
    index("keys_team_vendor_expires_idx").on(
      t.teamId,
      t.vendor,
      sql`coalesce(${t.expiresAt}, 'infinity'::timestamptz)`,
      t.id,
    ),
    // Dashboard "expiring in 7 / 30 days": an index-only range over the team's active keys.
    index("keys_team_active_expires_idx")
      .on(t.teamId, t.expiresAt)
      .where(sql`${t.status} = 'active'`),
  ],
);

/** Keys a reconciliation found on a vendor that Keyward did not issue; an admin may adopt them. */
export const unmanagedKeys = pgTable(
  "unmanaged_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    vendorKeyId: text("vendor_key_id").notNull(),
    name: text("name").notNull(),
    active: boolean("active").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("unmanaged_connection_vendor_key_idx").on(t.connectionId, t.vendorKeyId)],
);

/**
 * Keys a vendor created for Keyward's own use rather than for a requester: an Expedition
 * connection test logs in, and Expedition answers every login with that user's API key (extending
 * every key of the user by a month). Recorded before the call (pending) and settled after it, so
 * no test leaves a key nobody knows of; only the fingerprint is kept, never the key.
 */
export const connectionKeys = pgTable(
  "connection_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ["connection_test"] }).notNull(),
    /** pending → created (the vendor answered with a key) or none (the call failed before any key). */
    status: text("status", { enum: ["pending", "created", "none"] })
      .notNull()
      .default("pending"),
    vendorKeyId: text("vendor_key_id"),
    fingerprint: text("fingerprint"),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    settledAt: timestamp("settled_at", { withTimezone: true }),
  },
  (t) => [index("connection_keys_connection_idx").on(t.connectionId, t.startedAt)],
);

/**
 * Append-only; each row's hash covers the previous row's hash and its own content, so an edit or
 * deletion breaks the chain. `keyed` rows carry an HMAC-SHA256 under a key derived from
 * KEYWARD_SECRET (lib/audit/hash.ts), which the database never sees; rows written before that
 * (migration audit_keyed_chain) carry a plain SHA-256. Once a keyed row appears, every later one is keyed.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
    teamId: uuid("team_id"),
    actorId: uuid("actor_id"),
    actorEmail: text("actor_email"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    outcome: text("outcome", { enum: ["success", "failure", "denied"] }).notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
    keyed: boolean("keyed").notNull().default(false),
  },
  (t) => [
    index("audit_team_id_idx").on(t.teamId, t.id),
    index("audit_team_action_idx").on(t.teamId, t.action, t.id),
    index("audit_team_actor_idx").on(t.teamId, t.actorId, t.id),
    index("audit_team_at_idx").on(t.teamId, t.at),
    index("audit_actor_idx").on(t.actorId, t.id),
    // The audit viewer's filters (lib/audit/queries.ts): each filter walks its own index in id order.
    index("audit_team_actor_email_idx").on(t.teamId, t.actorEmail, t.id),
    index("audit_team_target_idx").on(t.teamId, t.targetType, t.targetId, t.id),
    index("audit_team_outcome_idx").on(t.teamId, t.outcome, t.id),
    // Team-less events (sign-ins), which a team sees for its members, member by member.
    index("audit_teamless_actor_idx")
      .on(t.actorId, t.id)
      .where(sql`${t.teamId} is null`),
    index("audit_teamless_actor_action_idx")
      .on(t.actorId, t.action, t.id)
      .where(sql`${t.teamId} is null`),
    index("audit_teamless_actor_at_idx")
      .on(t.actorId, t.at)
      .where(sql`${t.teamId} is null`),
    index("audit_teamless_actor_outcome_idx")
      .on(t.actorId, t.outcome, t.id)
      .where(sql`${t.teamId} is null`),
    index("audit_teamless_actor_target_idx")
      .on(t.actorId, t.targetType, t.targetId, t.id)
      .where(sql`${t.teamId} is null`),
  ],
);

/**
 * Scheduled jobs (lib/jobs/): one row per job name, shared by every console instance. A run is
 * claimed by one conditional UPDATE that sets the lease, so of instances racing one wins; the
 * row keeps when it runs next, its last run and error, and the failures in a row (backoff).
 */
export const jobs = pgTable("jobs", {
  name: text("name").primaryKey(),
  nextRunAt: timestamp("next_run_at", { withTimezone: true }).notNull(),
  /** Which runner holds the current run, and until when; a lease that ran out is free again. */
  leaseOwner: text("lease_owner"),
  leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true }),
  lastStartedAt: timestamp("last_started_at", { withTimezone: true }),
  lastFinishedAt: timestamp("last_finished_at", { withTimezone: true }),
  lastSucceededAt: timestamp("last_succeeded_at", { withTimezone: true }),
  /** The last failure's error name and message only: never SQL, parameters or secrets. */
  lastError: text("last_error"),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
});

/**
 * Which events reach people over which channels, per team (lib/notify/rules.ts). No row means the
 * event's default; `thresholds` (days before expiry) only for the expiry reminders.
 */
export const notificationRules = pgTable(
  "notification_rules",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    channels: jsonb("channels").$type<string[]>().notNull(),
    thresholds: jsonb("thresholds").$type<number[]>(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.event] })],
);

/** Events a person chose not to hear about in a team, on any channel. */
export const notificationMutes = pgTable(
  "notification_mutes",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.teamId, t.event] })],
);

/**
 * One row per reminder sent: a key (or a connection's own credential) × days before × the expiry
 * it was about. Inserted by the reminder job with ON CONFLICT DO NOTHING in the transaction that
 * queues the notices, so of console instances racing only one announces each threshold; a new
 * expiry date (an extended key) gets its own reminders.
 */
export const expiryReminders = pgTable(
  "expiry_reminders",
  {
    subjectId: uuid("subject_id").notNull(),
    thresholdDays: integer("threshold_days").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.subjectId, t.thresholdDays, t.expiresAt] })],
);

/**
 * The "unused key" reminders sent: one per key and idle period, the period named by when it
 * began (the last use, or the issue for a key never used). Claimed in the transaction that queues
 * the notice, so two instances never remind twice; the revoke waits 7 days after this row.
 */
export const unusedReminders = pgTable(
  "unused_reminders",
  {
    keyId: uuid("key_id")
      .notNull()
      .references(() => keys.id, { onDelete: "cascade" }),
    idleSince: timestamp("idle_since", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.idleSince] })],
);

/**
 * One row per notice about a state that has no row of its own to hang a "told" flag on: a key's
 * rotation falling due (at = the due date), a key's delivery left unconfirmed (at = its issue).
 * Inserted with ON CONFLICT DO NOTHING in the transaction that queues the notice, like
 * `expiry_reminders`, so of console instances racing only one tells anyone.
 */
export const noticeClaims = pgTable(
  "notice_claims",
  {
    subjectId: uuid("subject_id").notNull(),
    event: text("event").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.subjectId, t.event, t.at] })],
);

/**
 * Deliveries waiting to leave the console (e-mail, webhooks), written in the transaction of the
 * change they announce and sent by the `notify.deliver` job, off the request path. `dedupe_key`
 * is unique: one row per event × recipient × channel. Claimed with FOR UPDATE SKIP LOCKED and a
 * lease, so two instances never send one row; a failure is retried with backoff until `give_up_at`.
 */
export const notificationOutbox = pgTable(
  "notification_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    dedupeKey: text("dedupe_key").notNull(),
    event: text("event").notNull(),
    channel: text("channel", { enum: ["email", "webhook"] }).notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    webhookId: uuid("webhook_id"),
    /** An e-mail address or a webhook's URL, as shown in the delivery log. */
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    bodyText: text("body_text").notNull(),
    link: text("link"),
    payload: jsonb("payload").$type<Record<string, unknown>>(),
    /** pending → sent, held (no SMTP server configured: shown on the local outbox page) or failed (gave up). */
    status: text("status", { enum: ["pending", "sent", "held", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    giveUpAt: timestamp("give_up_at", { withTimezone: true }).notNull(),
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    lastError: text("last_error"),
    lastStatusCode: integer("last_status_code"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("notification_outbox_dedupe_idx").on(t.dedupeKey),
    index("notification_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("notification_outbox_team_idx").on(t.teamId, t.createdAt),
  ],
);

/**
 * A team's webhook endpoint (lib/notify/webhooks.ts): the events it receives, its signing secret
 * sealed like connection credentials (bound to the row id, shown once at creation), and the two
 * SSRF allowances an admin may grant: plain http, and private or loopback addresses.
 */
export const webhooks = pgTable(
  "webhooks",
  {
    id: uuid("id").primaryKey(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    url: text("url").notNull(),
    events: jsonb("events").$type<string[]>().notNull(),
    sealedSecret: text("sealed_secret").notNull(),
    allowHttp: boolean("allow_http").notNull().default(false),
    allowPrivate: boolean("allow_private").notNull().default(false),
    /** The body's shape: Standard Webhooks JSON, a Slack incoming-webhook message, or a Teams Adaptive Card. */
    format: text("format", { enum: ["standard", "slack", "teams"] })
      .notNull()
      .default("standard"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhooks_team_idx").on(t.teamId)],
);

/**
 * A team's audit stream to a SIEM (lib/audit/stream/): syslog RFC 5424 over TLS with
 * octet-counted framing, from a cursor. `cursor` is the id of the last event the receiver
 * accepted: a receiver that was down gets the backlog, in order, at least once. A run holds the
 * stream by its lease, so two consoles never send one stream side by side.
 */
export const auditStreams = pgTable(
  "audit_streams",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** 'syslog' (RFC 5424 over TLS) or 'http' (a POST of JSON lines per batch). */
    kind: text("kind", { enum: ["syslog", "http"] })
      .notNull()
      .default("syslog"),
    /** The receiver's host and port; for 'http', taken from its URL (what the list and the audit trail show). */
    host: text("host").notNull(),
    port: integer("port").notNull(),
    /** The endpoint of an 'http' stream. */
    url: text("url"),
    /** The Authorization header value an 'http' stream sends, sealed with the console secret bound to the row id. */
    sealedAuthHeader: text("sealed_auth_header"),
    /** The CA that signed the receiver's certificate, when it is not publicly trusted (not a secret). */
    caPem: text("ca_pem"),
    allowHttp: boolean("allow_http").notNull().default(false),
    allowPrivate: boolean("allow_private").notNull().default(false),
    cursor: bigint("cursor", { mode: "number" }).notNull().default(0),
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    lastSentAt: timestamp("last_sent_at", { withTimezone: true }),
    lastError: text("last_error"),
    lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_streams_team_idx").on(t.teamId)],
);
