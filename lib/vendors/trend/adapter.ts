import "server-only";
import type { z } from "zod";
import { VendorError } from "../errors";
import type { ConnectionTestResult, KeyRef, MintResult, VendorAdapter, VendorConnection } from "../types";
import { TREND_DESCRIPTION_MAX, trendCapabilities } from "./capabilities";
import { carriesMarker, markerThatFits, withMarker } from "../attempt-marker";
import { TrendChannel } from "./client";
import { trendUsage } from "./usage";
import { checkKeyId, validateTrendMintRequest, validateTrendUpdate } from "./validation";
import {
  apiKeyCurrentSchema,
  apiKeyListSchema,
  apiKeySchema,
  issuedApiKeySchema,
  roleListSchema,
  TREND_API_VERSION,
  type ApiKeyWrite,
} from "./wire";

/**
 * Trend Micro Server & Workload Protection / Deep Security Manager, through its `/api`
 * (`api-version: v1`). One method per vendor call:
 *   roles    GET    /api/roles
 *   mint     POST   /api/apikeys                  (ApiKey → ApiKey with secretKey)
 *   verify   GET    /api/apikeys/current          (with the new secret)
 *   list     GET    /api/apikeys
 *   update   POST   /api/apikeys/{id}             (partial ApiKey: keyName, description, active)
 *   rotate   POST   /api/apikeys/{id}/secretkey   (ApiKey with a new secretKey)
 *   revoke   DELETE /api/apikeys/{id}
 */

export { validateTrendMintRequest } from "./validation";

function toMintResult(conn: VendorConnection, key: z.infer<typeof issuedApiKeySchema>, sent?: ApiKeyWrite): MintResult {
  const meta: Record<string, string> = { keyName: key.keyName };
  const roleId = key.roleID ?? sent?.roleID;
  if (roleId !== undefined) meta.roleId = String(roleId);
  if (key.locale) meta.locale = key.locale;
  if (key.timeZone) meta.timeZone = key.timeZone;
  return {
    vendorKeyId: String(key.ID),
    secret: key.secretKey,
    publicId: String(key.ID),
    expiresAt: key.expiryDate ? new Date(key.expiryDate) : null,
    meta,
    usage: trendUsage(conn.baseUrl, key.secretKey),
  };
}

/** The role's name from its URN (`urn:tmds:identity:<region>:<tenant>:role/<name>`), else its id. */
function roleLabel(urn: string | undefined, roleId: number | undefined): string {
  const name = urn ? /:role\/(.+)$/.exec(urn)?.[1] : undefined;
  if (name) return name;
  if (urn) return urn;
  return roleId !== undefined ? `role ${roleId}` : "full access (no role)";
}

function formatDate(ms: number | undefined): string {
  return ms ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z") : "never";
}

async function modifyKey(conn: VendorConnection, ref: KeyRef, action: string, body: ApiKeyWrite): Promise<void> {
  const id = checkKeyId(ref.vendorKeyId);
  await new TrendChannel(conn).json(action, "POST", `/apikeys/${id}`, apiKeySchema, body);
}

export const trendAdapter: VendorAdapter = {
  capabilities: trendCapabilities,

  async testConnection(conn): Promise<ConnectionTestResult> {
    const channel = new TrendChannel(conn);
    if (channel.mode === "session") {
      // `/apikeys/current` needs an API key, so a session proves itself by reading the roles.
      const { roles } = await channel.json("list the administrator roles", "GET", "/roles", roleListSchema);
      const facts = [
        {
          label: "Signed in as",
          value: `${conn.settings.username ?? ""} (administrator ${channel.administratorId ?? "?"})`,
        },
        { label: "Roles available", value: String(roles.length) },
        { label: "API version", value: TREND_API_VERSION },
        { label: "Next step", value: "Issue a key with this connection, then switch the connection to that API key." },
      ];
      if (conn.settings.tenant) facts.splice(1, 0, { label: "Tenant", value: conn.settings.tenant });
      return { facts };
    }
    const current = await channel.json(
      "describe the connection's API key",
      "GET",
      "/apikeys/current",
      apiKeyCurrentSchema,
    );
    const facts = [
      { label: "Signed in with key", value: `${current.keyName} (ID ${current.ID})` },
      { label: "Role", value: roleLabel(current.roleURN, current.roleID) },
      { label: "Key expires", value: formatDate(current.expiryDate) },
      { label: "API version", value: TREND_API_VERSION },
    ];
    if (current.tenantID !== undefined) facts.push({ label: "Tenant ID", value: String(current.tenantID) });
    return { facts, credentialExpiresAt: current.expiryDate ? new Date(current.expiryDate) : null };
  },

  async listRoles(conn) {
    const { roles } = await new TrendChannel(conn).json(
      "list the administrator roles",
      "GET",
      "/roles",
      roleListSchema,
    );
    return roles
      .map((r) => ({ id: String(r.ID), name: r.name, ...(r.description ? { description: r.description } : {}) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  },

  // The attempt's marker goes into the key's description, after the user's.
  vendorKeyName: (request, tag) => markerThatFits(request.fields.description, tag, TREND_DESCRIPTION_MAX),

  async findByVendorName(conn, vendorName) {
    const { apiKeys } = await new TrendChannel(conn).json("list the API keys", "GET", "/apikeys", apiKeyListSchema);
    return apiKeys
      .filter((k) => carriesMarker(k.description, vendorName))
      .map((k) => ({ vendorKeyId: String(k.ID), meta: {} }));
  },

  async mint(conn, request) {
    const valid = validateTrendMintRequest(request);
    const description = withMarker(valid.description, request.vendorKeyName);
    const body = description ? { ...valid, description } : valid;
    const key = await new TrendChannel(conn).json("create the API key", "POST", "/apikeys", issuedApiKeySchema, body);
    return toMintResult(conn, key, body);
  },

  async verifyKey(conn, key) {
    const channel = new TrendChannel(conn, { mode: "new-key", secretKey: key.secret });
    try {
      await channel.json("authenticate with the new key", "GET", "/apikeys/current", apiKeySchema);
      return true;
    } catch (err) {
      if (err instanceof VendorError && err.failure === "vendor_auth") return false;
      throw err;
    }
  },

  async list(conn) {
    const { apiKeys } = await new TrendChannel(conn).json("list the API keys", "GET", "/apikeys", apiKeyListSchema);
    const now = Date.now();
    return apiKeys.map((k) => ({
      vendorKeyId: String(k.ID),
      name: k.keyName,
      // A key past its expiry date cannot authenticate even while `active` is still true.
      active: (k.active ?? true) && !(k.expiryDate !== undefined && k.expiryDate <= now),
      expiresAt: k.expiryDate ? new Date(k.expiryDate) : null,
      lastUsedAt: k.lastSignIn ? new Date(k.lastSignIn) : null,
    }));
  },

  async update(conn, ref, change) {
    await modifyKey(conn, ref, "change the API key", validateTrendUpdate(change));
  },

  async deactivate(conn, ref) {
    await modifyKey(conn, ref, "lock the API key", { active: false });
  },

  async activate(conn, ref) {
    await modifyKey(conn, ref, "unlock the API key", { active: true });
  },

  async rotate(conn, ref) {
    const id = checkKeyId(ref.vendorKeyId);
    // The SDK sends no body; the old secret stops working (implied by the docs, not stated).
    const key = await new TrendChannel(conn).json(
      "reset the API key's secret",
      "POST",
      `/apikeys/${id}/secretkey`,
      issuedApiKeySchema,
    );
    const result = toMintResult(conn, key);
    return { ...result, meta: { ...ref.meta, ...result.meta } };
  },

  async revoke(conn, ref) {
    const id = checkKeyId(ref.vendorKeyId);
    await new TrendChannel(conn).send("delete the API key", "DELETE", `/apikeys/${id}`);
  },
};
