import { invalid } from "@/lib/errors";
import type { VendorConnection } from "../types";

/**
 * How the console signs in to the manager. An existing API secret key is the normal path; a
 * user name and password (through `/api/sessions`) is how Trend documents creating the first
 * key on a manager that has none yet.
 */
export type TrendAuth =
  { mode: "api-key"; secretKey: string } | { mode: "session"; userName: string; password: string; tenantName?: string };

const AUTH_MODES = ["api-key", "session"] as const;

/**
 * Reads the connection's credentials for its auth mode. Every field is optional in the form
 * because which ones apply depends on the mode, so the check happens here, field by field.
 */
export function trendAuth(conn: VendorConnection): TrendAuth {
  const mode = conn.settings.authMode?.trim() || "api-key";
  if (mode === "api-key") {
    const secretKey = conn.secrets.apiSecretKey?.trim();
    if (!secretKey) {
      throw invalid(
        "This connection signs in with an API secret key, but none is set. Paste an existing key's secret, or switch the connection to user name and password.",
        {
          apiSecretKey: "Required when signing in with an API key.",
        },
      );
    }
    return { mode, secretKey };
  }
  if (mode === "session") {
    const userName = conn.settings.username?.trim();
    const password = conn.secrets.password;
    const fields: Record<string, string> = {};
    if (!userName) fields.username = "Required when signing in with a user name and password.";
    if (!password) fields.password = "Required when signing in with a user name and password.";
    if (!userName || !password) {
      throw invalid(
        `This connection signs in with a user name and password, but the ${Object.keys(fields).join(" and ")} ${Object.keys(fields).length > 1 ? "are" : "is"} not set.`,
        fields,
      );
    }
    const tenantName = conn.settings.tenant?.trim() || undefined;
    return { mode, userName, password, tenantName };
  }
  throw invalid(`Unknown sign-in method "${mode}". Choose "API key" or "User name and password".`, {
    authMode: `Must be one of: ${AUTH_MODES.join(", ")}.`,
  });
}

/** Every credential of the connection, so that error messages can be scrubbed of them. */
export function connectionSecrets(conn: VendorConnection): string[] {
  return Object.values(conn.secrets).filter((v) => v.length >= 4);
}

/** Host shown in messages. */
export function hostOf(conn: VendorConnection): string {
  try {
    return new URL(conn.baseUrl).host;
  } catch {
    return conn.baseUrl;
  }
}
