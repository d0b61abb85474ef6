import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";
import { VendorError } from "../errors";
import type { KeyRef, MintContext, MintRequest, MintResult, VendorAdapter, VendorConnection } from "../types";
import { panosCapabilities } from "./capabilities";
import { findAdmin, issueAdminKey, listAdminRoles, removeAdmin } from "./admins";
import { connectionAuth, hostOf, keygen, op, type CommitOptions } from "./client";
import { SHOW_SYSTEM_INFO_CMD } from "./commands";
import { panosUsageSnippets } from "./panrc";
import { adminNameFor, validatePanosMintRequest } from "./validate";
import { readSystemFacts } from "./wire-results";
import { describeLifetime, deviceExpiry, readDeviceKeyLifetime } from "./lifetime";

/**
 * PAN-OS XML API adapter. Two ways to mint:
 * - no role chosen ("own-account"): `type=keygen` with the connection's own administrator, as
 *   the seed does. The key is that account's key and cannot be revoked alone.
 * - a role chosen ("per-key-admin"): a dedicated API administrator bound to that admin role
 *   profile is created and committed, and the key is generated as it (see `admins.ts`).
 * Admin-side calls authenticate with HTTP Basic, so testing a connection mints nothing.
 */

export { validatePanosMintRequest } from "./validate";
export interface PanosAdapterOptions {
  /** How long to wait for a commit job; real firewalls take from seconds to minutes. */
  commitTimeoutMs?: number;
  /** First poll delay for a commit job; it grows up to 2 s. */
  commitPollIntervalMs?: number;
}

export function createPanosAdapter(options: PanosAdapterOptions = {}): VendorAdapter {
  const commit: CommitOptions = {
    timeoutMs: options.commitTimeoutMs ?? 300_000,
    pollIntervalMs: options.commitPollIntervalMs ?? 500,
  };

  async function mint(conn: VendorConnection, request: MintRequest, context: MintContext = {}): Promise<MintResult> {
    const valid = validatePanosMintRequest(request);
    const auth = connectionAuth(conn);
    let key: string;
    let vendorKeyId: string;
    let meta: Record<string, string>;
    const generatedAt = new Date();
    if (valid.role === undefined) {
      key = await keygen(conn, auth.user, auth.password, "generate a key for the connection's administrator");
      vendorKeyId = `keygen:${auth.user}:${createHash("sha256").update(key).digest("hex").slice(0, 12)}`;
      meta = { mode: "own-account", user: auth.user };
    } else {
      const admin = request.vendorKeyName ?? adminNameFor(valid.name, randomBytes(8).toString("hex"));
      const issued = await issueAdminKey(conn, auth, admin, valid.role, commit, context);
      key = issued.key;
      vendorKeyId = `admin:${issued.admin}`;
      meta = { mode: "per-key-admin", admin: issued.admin, role: valid.role };
    }
    // The key really dies at the earlier of Keyward's date (its expire-due job) and the device's lifetime.
    const lifetime = await readDeviceKeyLifetime(conn, auth);
    const onDevice = deviceExpiry(lifetime, generatedAt);
    const chosen = request.expiresAt ?? null;
    const deviceFirst = onDevice !== null && (chosen === null || onDevice < chosen);
    if (typeof lifetime === "number") meta.deviceLifetimeMinutes = String(lifetime);
    if (deviceFirst) meta.expiryBy = "device";
    if (deviceFirst && chosen) meta.keywardExpiresAt = chosen.toISOString();
    return {
      vendorKeyId,
      secret: key,
      expiresAt: deviceFirst ? onDevice : chosen,
      meta,
      usage: panosUsageSnippets(conn.baseUrl, key, valid.tag, new Date()),
    };
  }

  async function revoke(conn: VendorConnection, ref: KeyRef): Promise<void> {
    if (ref.meta.mode !== "per-key-admin" || !ref.meta.admin) {
      throw new AppError(
        "not_supported",
        409,
        "This key was generated for the connection's own administrator, and PAN-OS cannot revoke such a key alone. Retire it by hand: Expire all API keys on the firewall (Device > Setup > Management > Authentication Settings) or change that account's password.",
      );
    }
    await removeAdmin(conn, connectionAuth(conn), ref.meta.admin, commit);
  }

  return {
    capabilities: panosCapabilities,

    async testConnection(conn) {
      const reply = await op(conn, SHOW_SYSTEM_INFO_CMD, connectionAuth(conn), {
        action: "show the system information",
      });
      const lifetime = await readDeviceKeyLifetime(conn, connectionAuth(conn));
      return {
        facts: [
          ...readSystemFacts(reply.result, hostOf(conn)),
          { label: "API key lifetime", value: describeLifetime(lifetime) },
        ],
      };
    },

    listRoles: (conn) => listAdminRoles(conn, connectionAuth(conn)),

    // A per-key administrator is named by Keyward; a key of the connection's own account has no name of its own.
    vendorKeyName: (request, tag) => (request.scope.length > 0 ? adminNameFor(request.name.trim(), tag) : null),

    // The per-key administrator, in the candidate config: a console that died before its commit left it there.
    async findByVendorName(conn, vendorName) {
      const found = await findAdmin(conn, connectionAuth(conn), vendorName);
      return found ? [{ vendorKeyId: `admin:${vendorName}`, meta: { mode: "per-key-admin", admin: vendorName } }] : [];
    },

    mint,

    async verifyKey(conn, key) {
      try {
        await op(
          conn,
          SHOW_SYSTEM_INFO_CMD,
          { kind: "key", key: key.secret },
          { action: "show the system information with the new key" },
        );
        return true;
      } catch (err) {
        if (err instanceof VendorError && err.failure === "vendor_auth") return false;
        // "Type [op] not authorized for user role." means the key authenticated; its role just lacks op.
        if (err instanceof VendorError && err.failure === "vendor_forbidden") return true;
        throw err;
      }
    },

    revoke,
  };
}

export const panosAdapter: VendorAdapter = createPanosAdapter();
