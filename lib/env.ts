import "server-only";
import path from "node:path";
import { z } from "zod";

/**
 * Every setting the console reads, validated once. Nothing else reads `process.env`.
 * `scripts/start.ts` fills in KEYWARD_SECRET from the data directory when it is not set.
 */
const envSchema = z.object({
  KEYWARD_SECRET: z
    .string({ error: "KEYWARD_SECRET is not set. Start the console with `npm start`, or set a random string of at least 32 characters." })
    .min(32, "KEYWARD_SECRET must be at least 32 characters long."),
  KEYWARD_DATA_DIR: z.string().default(".data"),
  DATABASE_URL: z.string().url().optional(),
  KEYWARD_URL: z.string().url().default("http://127.0.0.1:3000"),
  KEYWARD_VENDOR_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
  KEYWARD_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  KEYWARD_LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /** Scheduled reconciliation of listable connections, in minutes; 0 turns it off. */
  KEYWARD_RECONCILE_MINUTES: z.coerce.number().int().min(0).default(60),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) throw new Error(`Invalid configuration: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
    cached = parsed.data;
  }
  return cached;
}

export function dataDir(): string {
  return path.resolve(env().KEYWARD_DATA_DIR);
}
