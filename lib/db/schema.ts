import { sql } from "drizzle-orm";
import { bigserial, boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull(),
  name: text("name").notNull(),
  /** argon2id; null for accounts that only sign in through SSO. */
  passwordHash: text("password_hash"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex("users_email_idx").on(sql`lower(${t.email})`)]);

/** One row per failed sign-in; counted over a sliding window so every console instance sees the same lock-out. */
export const loginFailures = pgTable("login_failures", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  email: text("email").notNull(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index("login_failures_email_at_idx").on(t.email, t.at)]);

export const teams = pgTable("teams", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const memberships = pgTable("memberships", {
  teamId: uuid("team_id").notNull().references(() => teams.id, { onDelete: "cascade" }),
  userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  role: text("role", { enum: ["admin", "member", "auditor"] }).notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.teamId, t.userId] })]);

export const connections = pgTable("connections", {
  id: uuid("id").primaryKey().defaultRandom(),
  teamId: uuid("team_id").notNull().references(() => teams.id, { onDelete: "cascade" }),
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
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex("connections_team_name_idx").on(t.teamId, sql`lower(${t.name})`)]);

/** An issued key. Holds how to recognise the secret (fingerprint, last four), never the secret. */
export const keys = pgTable("keys", {
  id: uuid("id").primaryKey().defaultRandom(),
  teamId: uuid("team_id").notNull().references(() => teams.id, { onDelete: "cascade" }),
  connectionId: uuid("connection_id").notNull().references(() => connections.id),
  vendor: text("vendor").notNull(),
  name: text("name").notNull(),
  vendorKeyId: text("vendor_key_id").notNull(),
  publicId: text("public_id"),
  scope: jsonb("scope").$type<string[]>().notNull(),
  securityLevel: text("security_level"),
  status: text("status", { enum: ["active", "inactive", "expired", "revoked", "drifted"] }).notNull().default("active"),
  fingerprint: text("fingerprint").notNull(),
  lastFour: text("last_four").notNull(),
  meta: jsonb("meta").$type<Record<string, string>>().notNull(),
  issuedBy: uuid("issued_by").notNull().references(() => users.id),
  approvedBy: uuid("approved_by").references(() => users.id),
  issuedAt: timestamp("issued_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
}, (t) => [
  index("keys_team_issued_idx").on(t.teamId, t.issuedAt, t.id),
  index("keys_connection_idx").on(t.connectionId),
  uniqueIndex("keys_connection_vendor_key_idx").on(t.connectionId, t.vendorKeyId),
]);

/** Append-only; each row carries the SHA-256 of the previous one so an edit or deletion breaks the chain. */
export const auditEvents = pgTable("audit_events", {
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
}, (t) => [index("audit_team_id_idx").on(t.teamId, t.id)]);

