import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { MailSettings } from "@/lib/notify/mail";
import { z } from "zod";

/** An empty variable (`KEYWARD_OIDC_ISSUER=` in a compose file) means "not set". */
const unsetIfEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema);

/**
 * Every setting the console reads, validated once. Nothing else reads `process.env`.
 * `scripts/start.ts` fills in KEYWARD_SECRET from the data directory when it is not set.
 */
const envSchema = z
  .object({
    KEYWARD_SECRET: z
      .string({
        error:
          "KEYWARD_SECRET is not set. Start the console with `npm start`, or set a random string of at least 32 characters.",
      })
      .min(32, "KEYWARD_SECRET must be at least 32 characters long."),
    KEYWARD_DATA_DIR: z.string().default(".data"),
    DATABASE_URL: z.string().url().optional(),
    KEYWARD_URL: z.string().url().default("http://127.0.0.1:3000"),
    KEYWARD_VENDOR_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
    /** Other host names (comma-separated) the console answers to besides KEYWARD_URL's; any other Host gets 421. */
    KEYWARD_ALLOWED_HOSTS: z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((h) => h.trim())
          .filter(Boolean),
      ),
    /**
     * The console runs behind one reverse proxy that appends the client's address to
     * X-Forwarded-For: the sign-in throttle then reads it there instead of the socket's.
     */
    KEYWARD_TRUSTED_PROXY: z
      .enum(["true", "false", ""], { error: "KEYWARD_TRUSTED_PROXY must be true or false." })
      .default("false")
      .transform((v) => v === "true"),
    /**
     * Where e-mail notifications go (smtp://user:pass@host:587 with STARTTLS, or smtps://…:465).
     * Unset: nothing is mailed, and admins see what would have been on the local outbox page.
     */
    KEYWARD_SMTP_URL: unsetIfEmpty(
      z
        .string()
        .url("KEYWARD_SMTP_URL must be an smtp:// or smtps:// URL.")
        .refine((u) => /^smtps?:\/\//.test(u), "KEYWARD_SMTP_URL must be an smtp:// or smtps:// URL.")
        .optional(),
    ),
    KEYWARD_SMTP_FROM: z.string().min(3).default("Keyward <keyward@localhost>"),
    /** A PEM file of the CA that signed the mail server's certificate, when it is not publicly trusted. */
    KEYWARD_SMTP_CA_FILE: unsetIfEmpty(z.string().optional()),
    /** smtp:// must upgrade with STARTTLS unless this is false (a relay on the same host). */
    KEYWARD_SMTP_REQUIRE_TLS: z
      .enum(["true", "false", ""], { error: "KEYWARD_SMTP_REQUIRE_TLS must be true or false." })
      .default("true")
      .transform((v) => v !== "false"),
    /** Failed sign-ins per account, in the window, before each further attempt must wait. */
    KEYWARD_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
    KEYWARD_LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
    /** The longest wait the sign-in throttle imposes between attempts. */
    KEYWARD_LOGIN_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
    /** A session not used for this long is refused (sign in again); checked on every request. */
    KEYWARD_SESSION_IDLE_MINUTES: z.coerce
      .number({ error: "KEYWARD_SESSION_IDLE_MINUTES must be a whole number of minutes." })
      .int("KEYWARD_SESSION_IDLE_MINUTES must be a whole number of minutes.")
      .min(5, "KEYWARD_SESSION_IDLE_MINUTES must be at least 5.")
      .max(7 * 24 * 60, "KEYWARD_SESSION_IDLE_MINUTES must be at most 10080 (7 days).")
      .default(60),
    /** A session ends this long after its sign-in, however active; next-auth's cookie lives as long. */
    KEYWARD_SESSION_MAX_HOURS: z.coerce
      .number({ error: "KEYWARD_SESSION_MAX_HOURS must be a whole number of hours." })
      .int("KEYWARD_SESSION_MAX_HOURS must be a whole number of hours.")
      .min(1, "KEYWARD_SESSION_MAX_HOURS must be at least 1.")
      .max(30 * 24, "KEYWARD_SESSION_MAX_HOURS must be at most 720 (30 days).")
      .default(8),
    /** Scheduled reconciliation of listable connections, in minutes; 0 turns it off. */
    KEYWARD_RECONCILE_MINUTES: z.coerce.number().int().min(0).default(60),
    /**
     * The recovery sweep (lib/issuance/recover.ts) settles an issuing attempt left unsettled this
     * long: by default the claim timeout, which every vendor call ends within. Shorter only where no
     * console can still be minting (the crash test).
     */
    KEYWARD_RECOVER_AFTER_SECONDS: z.coerce.number().int().min(1).max(86_400).default(720),
    /** How often the recovery sweep runs (it also runs at start-up). */
    KEYWARD_RECOVER_EVERY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(120),
    /** OpenID Connect single sign-on: all three or none (see `oidcSettings`). */
    KEYWARD_OIDC_ISSUER: unsetIfEmpty(
      z.string().url("KEYWARD_OIDC_ISSUER must be the provider's issuer URL.").optional(),
    ),
    KEYWARD_OIDC_CLIENT_ID: unsetIfEmpty(z.string().optional()),
    KEYWARD_OIDC_CLIENT_SECRET: unsetIfEmpty(z.string().optional()),
    /** The label of the sign-in button ("Sign in with <name>"). */
    KEYWARD_OIDC_NAME: z.string().min(1).max(60).default("SSO"),
  })
  .refine(
    (e) =>
      [e.KEYWARD_OIDC_ISSUER, e.KEYWARD_OIDC_CLIENT_ID, e.KEYWARD_OIDC_CLIENT_SECRET].every((v) => v === undefined) ||
      [e.KEYWARD_OIDC_ISSUER, e.KEYWARD_OIDC_CLIENT_ID, e.KEYWARD_OIDC_CLIENT_SECRET].every((v) => v !== undefined),
    {
      message:
        "Single sign-on needs all of KEYWARD_OIDC_ISSUER, KEYWARD_OIDC_CLIENT_ID and KEYWARD_OIDC_CLIENT_SECRET, or none of them.",
    },
  );

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success)
      throw new Error(`Invalid configuration: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
    cached = parsed.data;
  }
  return cached;
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
}

/** The single sign-on provider, or null when it is not configured. */
export function oidcSettings(): OidcSettings | null {
  const e = env();
  if (!e.KEYWARD_OIDC_ISSUER || !e.KEYWARD_OIDC_CLIENT_ID || !e.KEYWARD_OIDC_CLIENT_SECRET) return null;
  return {
    issuer: e.KEYWARD_OIDC_ISSUER,
    clientId: e.KEYWARD_OIDC_CLIENT_ID,
    clientSecret: e.KEYWARD_OIDC_CLIENT_SECRET,
    name: e.KEYWARD_OIDC_NAME,
  };
}

export function mailConfigured(): boolean {
  return Boolean(env().KEYWARD_SMTP_URL);
}

/** The mail server settings, or null when e-mail is held on the local outbox page. */
export function smtpSettings(): MailSettings | null {
  const e = env();
  if (!e.KEYWARD_SMTP_URL) return null;
  return {
    url: e.KEYWARD_SMTP_URL,
    from: e.KEYWARD_SMTP_FROM,
    caPem: e.KEYWARD_SMTP_CA_FILE ? readFileSync(e.KEYWARD_SMTP_CA_FILE, "utf8") : undefined,
    requireTls: e.KEYWARD_SMTP_REQUIRE_TLS,
  };
}

export function dataDir(): string {
  return path.resolve(env().KEYWARD_DATA_DIR);
}
