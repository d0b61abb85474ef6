import "server-only";
import { VendorError } from "../errors";
import type { VendorConnection } from "../types";
import { configRead, hostOf, type PanosAuth } from "./client";
import { readKeyLifetimeMinutes } from "./wire-results";

/** Device > Setup > Management > Authentication Settings > API Key Lifetime (min); vendor-protocols §1.7. */
const API_KEY_LIFETIME_XPATH =
  "/config/devices/entry[@name='localhost.localdomain']/deviceconfig/setting/management/api/key/lifetime";

/** Minutes; null: keys never expire on the device; "unknown": the administrator may not read the configuration. */
export type DeviceKeyLifetime = number | null | "unknown";

/**
 * The firewall's API Key Lifetime, read from the running config (the one in force). An
 * administrator without XML API configuration rights cannot read it: that is "unknown", not
 * an error, since a key can still be issued for the connection's own account.
 */
export async function readDeviceKeyLifetime(conn: VendorConnection, auth: PanosAuth): Promise<DeviceKeyLifetime> {
  try {
    const reply = await configRead(conn, "show", API_KEY_LIFETIME_XPATH, auth, "read the API key lifetime");
    return readKeyLifetimeMinutes(reply.result, hostOf(conn));
  } catch (err) {
    // `show` of an unset node answers "No such node": no lifetime is configured.
    if (err instanceof VendorError && err.failure === "vendor_not_found") return null;
    if (err instanceof VendorError && err.failure === "vendor_forbidden") return "unknown";
    throw err;
  }
}

/** When a key generated at `issuedAt` dies on the device, if the device sets a lifetime. */
export function deviceExpiry(lifetime: DeviceKeyLifetime, issuedAt: Date): Date | null {
  return typeof lifetime === "number" ? new Date(issuedAt.getTime() + lifetime * 60_000) : null;
}

export function describeLifetime(lifetime: DeviceKeyLifetime): string {
  if (lifetime === "unknown") return "unknown (this administrator cannot read the configuration)";
  if (lifetime === null) return "not set: keys live until revoked or expired on the firewall";
  return `${lifetime} minutes from each key's generation`;
}
