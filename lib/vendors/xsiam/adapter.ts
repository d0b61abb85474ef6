import "server-only";
import { AppError, invalid } from "@/lib/errors";
import { VendorError } from "../errors";
import type { KeyRef, MintResult, VendorAdapter, VendorConnection, VendorKeySummary, VendorRole } from "../types";
import { isSecurityLevel, type XsiamCredentials } from "./auth";
import { callXsiam } from "./client";
import {
  COMMENT_MAX_LENGTH,
  COMMENT_SEPARATOR,
  DEFAULT_EXPIRY_DAYS,
  MAX_EXPIRY_DAYS,
  NAME_MAX_LENGTH,
  VENDOR_COMMENT_MAX_LENGTH,
  vendorComment,
} from "./limits";
import { carriesMarker, markerThatFits, withMarker } from "../attempt-marker";
import { usageSnippets } from "./usage";
import { validateXsiamMintRequest } from "./validation";
import {
  PATHS,
  deleteBody,
  generateBody,
  listBody,
  parseDeleteReply,
  parseGenerateReply,
  parseListReply,
  parseRolesReply,
} from "./wire";

/** Role-listing answers that mean "this tenant does not offer the endpoint to this key": use the configured roles. */
const ROLE_LISTING_UNAVAILABLE = new Set([402, 403, 404, 405, 500, 501]);
const LIST_PAGE_SIZE = 100;
/** An XSIAM API key lives at most six months (lab notes; the generate call refuses more). */
const XSIAM_KEY_MAX_DAYS = 184;
const LIST_MAX_PAGES = 50;

function credentials(conn: VendorConnection): XsiamCredentials {
  const keyId = conn.settings.apiKeyId?.trim() ?? "";
  const apiKey = conn.secrets.apiKey ?? "";
  const level = conn.settings.authLevel;
  const fields: Record<string, string> = {};
  if (!keyId) fields.apiKeyId = "Enter the API key ID (x-xdr-auth-id).";
  if (!apiKey) fields.apiKey = "Enter the API key.";
  if (!isSecurityLevel(level)) fields.authLevel = "Choose the key's security level: standard or advanced.";
  if (Object.keys(fields).length) throw invalid("The XSIAM connection is incomplete.", fields);
  return { keyId, apiKey, level: level as XsiamCredentials["level"] };
}

const childTenant = (conn: VendorConnection) => conn.settings.childTenantId?.trim() || undefined;

function configuredRoles(conn: VendorConnection): string[] {
  const names = (conn.settings.roles ?? "")
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  return [...new Set(names)];
}

function numericKeyId(ref: KeyRef): number {
  const id = Number(ref.vendorKeyId);
  if (!Number.isSafeInteger(id) || id <= 0) throw invalid(`"${ref.vendorKeyId}" is not an XSIAM API key ID.`);
  return id;
}

function badResponse(action: string, status = 200): VendorError {
  return new VendorError(
    "vendor_bad_response",
    `XSIAM answered ${action} with a reply the console does not understand. Check that the base URL is the tenant's API URL, then try again.`,
    status,
  );
}

async function listRoles(conn: VendorConnection): Promise<VendorRole[]> {
  const creds = credentials(conn);
  let why = "the tenant listed no roles";
  try {
    const json = await callXsiam(conn, {
      method: "GET",
      path: PATHS.listRoles,
      creds,
      childTenantId: childTenant(conn),
      action: "listing roles",
    });
    const roles = parseRolesReply(json);
    if (!roles) throw badResponse("listing roles");
    if (roles.length > 0) {
      return roles.map((r) => ({ id: r.pretty_name, name: r.pretty_name, description: r.description || undefined }));
    }
  } catch (err) {
    if (
      !(err instanceof VendorError) ||
      err.vendorStatus === undefined ||
      !ROLE_LISTING_UNAVAILABLE.has(err.vendorStatus)
    )
      throw err;
    why = err.message;
  }
  const configured = configuredRoles(conn);
  if (configured.length) return configured.map((name) => ({ id: name, name }));
  throw new AppError(
    "xsiam_roles_unavailable",
    422,
    `The console could not get the tenant's roles (${why}). Add the role names keys may receive, comma-separated, to the connection's "Roles" field (for example: Viewer, Investigator).`,
    { roles: "Add at least one role name." },
  );
}

async function fetchKeyPage(
  conn: VendorConnection,
  creds: XsiamCredentials,
  from: number,
  to: number,
  childTenantId?: string,
) {
  const json = await callXsiam(conn, {
    method: "POST",
    path: PATHS.list,
    body: listBody({ from, to }),
    creds,
    childTenantId,
    action: "listing API keys",
  });
  const page = parseListReply(json);
  if (!page) throw badResponse("listing API keys");
  return page;
}

export const xsiamAdapter: VendorAdapter = {
  capabilities: {
    vendor: "xsiam",
    displayName: "Cortex XSIAM",
    baseUrlExample: "https://api-yourtenant.xdr.us.paloaltonetworks.com",
    connectionFields: [
      {
        name: "apiKeyId",
        label: "API key ID (x-xdr-auth-id)",
        kind: "text",
        required: true,
        help: "The numeric ID shown beside the key under Settings > Configurations > API Keys.",
      },
      {
        name: "apiKey",
        label: "API key",
        kind: "secret",
        required: true,
        help: "A key whose role may manage API keys, such as Instance Administrator.",
      },
      {
        name: "authLevel",
        label: "Security level of this key",
        kind: "select",
        required: true,
        options: [
          { value: "standard", label: "Standard" },
          { value: "advanced", label: "Advanced" },
        ],
        help: "Must match how the key was created; advanced keys sign every request with a nonce and timestamp.",
      },
      {
        name: "credentialExpiresOn",
        label: "API key expires on",
        kind: "date",
        required: false,
        maxDaysAhead: XSIAM_KEY_MAX_DAYS,
        credentialExpiry: true,
        help: "The expiration date set when the key was generated (at most six months ahead). XSIAM does not tell Keyward; with it, the admins are reminded before the key lapses.",
      },
      {
        name: "childTenantId",
        label: "Child tenant ID",
        kind: "text",
        required: false,
        help: "MSSP only: issue keys on this paired child tenant (sent as x-child-tenant-id).",
      },
      {
        name: "roles",
        label: "Roles",
        kind: "text",
        required: false,
        help: "Comma-separated role names offered when the tenant's API does not list its roles.",
      },
    ],
    scope: { kind: "roles", label: "Roles", noun: "role", required: true },
    securityLevels: [
      {
        value: "standard",
        label: "Standard",
        help: "The key is sent as is in the Authorization header; works with curl.",
      },
      {
        value: "advanced",
        label: "Advanced",
        help: "Each request is signed with a SHA-256 of key, nonce and timestamp, which prevents replay. Needs a script.",
      },
    ],
    expiry: {
      kind: "picker",
      defaultDays: DEFAULT_EXPIRY_DAYS,
      maxDays: MAX_EXPIRY_DAYS,
      allowNever: false,
      enforcedBy: "vendor",
    },
    nameMaxLength: NAME_MAX_LENGTH,
    issueFields: [
      {
        name: "comment",
        label: "Comment",
        kind: "textarea",
        required: false,
        maxLength: COMMENT_MAX_LENGTH,
        help: "Stored on the key in XSIAM after the key's name.",
      },
    ],
    lifecycle: ["list", "revoke"],
  },

  async testConnection(conn) {
    const creds = credentials(conn);
    const child = childTenant(conn);
    const page = await fetchKeyPage(conn, creds, 0, 1, child);
    let rolesFact: string;
    try {
      rolesFact = String((await listRoles(conn)).length);
    } catch (err) {
      if (err instanceof VendorError || !(err instanceof AppError)) throw err;
      rolesFact = "none listed: add role names to the connection";
    }
    const facts = [
      { label: "Tenant", value: new URL(conn.baseUrl).host },
      ...(child ? [{ label: "Child tenant", value: child }] : []),
      { label: "Key security level", value: creds.level },
      { label: "API keys on the tenant", value: String(page.totalCount) },
      { label: "Roles available", value: rolesFact },
    ];
    return { facts };
  },

  listRoles,

  // The attempt's marker follows the name and comment in the key's comment (list() reads the name before it).
  vendorKeyName: (request, tag) =>
    markerThatFits(vendorComment(request.name, request.fields.comment), tag, VENDOR_COMMENT_MAX_LENGTH),

  async findByVendorName(conn, vendorName): Promise<KeyRef[]> {
    const creds = credentials(conn);
    const child = childTenant(conn);
    const found: KeyRef[] = [];
    let seen = 0;
    for (let pageNo = 0; pageNo < LIST_MAX_PAGES; pageNo++) {
      const from = pageNo * LIST_PAGE_SIZE;
      const page = await fetchKeyPage(conn, creds, from, from + LIST_PAGE_SIZE, child);
      seen += page.keys.length;
      for (const k of page.keys)
        if (carriesMarker(k.comment, vendorName))
          found.push({
            vendorKeyId: String(k.id),
            meta: { keyId: String(k.id), ...(child ? { childTenantId: child } : {}) },
          });
      if (page.keys.length < LIST_PAGE_SIZE || seen >= page.filterCount) break;
    }
    return found;
  },

  async mint(conn, request): Promise<MintResult> {
    const valid = validateXsiamMintRequest(request);
    const input = { ...valid, comment: withMarker(valid.comment, request.vendorKeyName)! };
    const creds = credentials(conn);
    const child = childTenant(conn);
    const json = await callXsiam(conn, {
      method: "POST",
      path: PATHS.generate,
      body: generateBody(input),
      creds,
      childTenantId: child,
      action: "generating the API key",
    });
    const reply = parseGenerateReply(json);
    if (!reply) throw badResponse("generating the API key");
    const keyId = String(reply.id);
    return {
      vendorKeyId: keyId,
      secret: reply.key,
      publicId: keyId,
      expiresAt: new Date(input.expiration),
      meta: {
        keyId,
        securityLevel: input.securityLevel,
        roles: JSON.stringify(input.roles),
        ...(child ? { childTenantId: child } : {}),
      },
      usage: usageSnippets({
        baseUrl: conn.baseUrl,
        keyId,
        secret: reply.key,
        level: input.securityLevel,
        roles: input.roles,
      }),
    };
  },

  /**
   * Calls the API as the new key. 402/403 still prove the key authenticated (its role simply
   * may not list keys); only 401 means it does not work.
   */
  async verifyKey(conn, key) {
    const keyId = key.meta.keyId ?? key.publicId;
    const level = key.meta.securityLevel;
    if (!keyId || !isSecurityLevel(level)) throw invalid("The key's ID and security level are needed to verify it.");
    const creds: XsiamCredentials = { keyId, apiKey: key.secret, level };
    try {
      await callXsiam(conn, {
        method: "POST",
        path: PATHS.list,
        body: listBody({ from: 0, to: 1, filters: [{ field: "id", operator: "in", value: [Number(keyId)] }] }),
        creds,
        action: "verifying the new key",
      });
      return true;
    } catch (err) {
      if (err instanceof VendorError && err.vendorStatus === 401) return false;
      if (err instanceof VendorError && (err.vendorStatus === 402 || err.vendorStatus === 403)) return true;
      throw err;
    }
  },

  async list(conn): Promise<VendorKeySummary[]> {
    const creds = credentials(conn);
    const child = childTenant(conn);
    const now = Date.now();
    const keys: VendorKeySummary[] = [];
    for (let pageNo = 0; pageNo < LIST_MAX_PAGES; pageNo++) {
      const from = pageNo * LIST_PAGE_SIZE;
      const page = await fetchKeyPage(conn, creds, from, from + LIST_PAGE_SIZE, child);
      for (const k of page.keys) {
        const expiration = k.expiration ?? null;
        keys.push({
          vendorKeyId: String(k.id),
          name: k.comment ? (k.comment.split(COMMENT_SEPARATOR)[0] ?? k.comment) : `API key ${k.id}`,
          active: expiration === null || expiration > now,
          expiresAt: expiration === null ? null : new Date(expiration),
        });
      }
      if (page.keys.length < LIST_PAGE_SIZE || keys.length >= page.filterCount) break;
    }
    return keys;
  },

  /** Deletion is immediate revocation; the API has no deactivated state. */
  async revoke(conn, ref) {
    const id = numericKeyId(ref);
    const json = await callXsiam(conn, {
      method: "POST",
      path: PATHS.delete,
      body: deleteBody([id]),
      creds: credentials(conn),
      childTenantId: ref.meta.childTenantId ?? childTenant(conn),
      action: "deleting the API key",
    });
    const reply = parseDeleteReply(json);
    if (!reply) throw badResponse("deleting the API key");
    if (reply.updateCount < 1) {
      throw new VendorError(
        "vendor_not_found",
        `XSIAM has no API key with ID ${id}: it was already deleted or belongs to another tenant.`,
        200,
      );
    }
  },
};
