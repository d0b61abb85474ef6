import type { ServerResponse } from "node:http";
import { sendJson, startEmulator, type EmulatorRequest, type VendorEmulator, type VendorEmulatorOptions } from "../kit";
import {
  BusinessError,
  deleteKeys,
  editKey,
  editKeyScope,
  generateKey,
  getKey,
  listKeys,
  type KeyContext,
} from "./keys";
import { PERMISSION_API_KEYS, PERMISSION_RBAC, SEEDED_KEYS, SEEDED_USERS } from "./seed";
import { XsiamStore } from "./store";

/**
 * A stand-in Cortex XSIAM tenant for tests and the demo. Seeded accounts: see seed.ts.
 *
 * Behaviour, following the vendor documentation (shared/vendor-protocols-xsiam-trend-rancher.md §1):
 * - every documented path, with or without a trailing slash; unknown paths answer 500 (as lab
 *   notes report for the real API);
 * - success is `{"reply": ...}`; errors are `{"reply": {"err_code", "err_msg", "err_extra"}}`
 *   with 400 (invalid JSON), 401 (bad auth), 402 (no license), 403 (RBAC, or an unpaired child
 *   tenant), 500 (business errors: unknown role, expiry past six months…);
 * - standard and advanced auth; an advanced request with a wrong hash, a reused nonce or a
 *   timestamp more than five minutes off answers 401; expired or deleted keys answer 401.
 */

export interface XsiamEmulatorOptions extends VendorEmulatorOptions {
  /** Injectable clock (epoch ms) so tests can expire keys. */
  now?: () => number;
  /** Allowed |now − x-xdr-timestamp| for advanced keys; default five minutes. */
  clockSkewMs?: number;
}

export interface XsiamEmulator extends VendorEmulator {
  /** Key counts per tenant, also served at GET /__emulator/state. */
  inspect(): ReturnType<XsiamStore["counts"]>;
}

type Handler = (ctx: KeyContext, params: string[]) => unknown;
interface Route {
  method: string;
  path: RegExp;
  /** Parses `{"request_data": {...}}` from the body. */
  body: boolean;
  permission?: string;
  handle: Handler;
}

const ERR_MSG: Record<number, string> = {
  400: "Bad Request. Got an invalid JSON.",
  401: "Public API request unauthorized",
  402: "User does not have the required license type to run this API",
  403: "The provided API Key does not have the required RBAC permissions to run this API",
  500: "An error occurred while processing XDR public API",
};

function sendError(res: ServerResponse, status: number, extra: string | null = null) {
  sendJson(res, status, { reply: { err_code: status, err_msg: ERR_MSG[status] ?? "Error", err_extra: extra } });
}

const roleEndpoints: Route[] = [
  {
    method: "GET",
    path: /^\/platform\/iam\/v1\/role$/,
    body: false,
    handle: ({ tenant }) => {
      const data = [...tenant.roles.values()].map((r) => ({
        role_id: r.roleId,
        pretty_name: r.prettyName,
        description: r.description,
        insert_time: r.insertTime,
      }));
      return { data, total_count: data.length };
    },
  },
  {
    method: "POST",
    path: /^\/public_api\/v1\/rbac\/get_roles$/,
    body: true,
    handle: ({ tenant, data }) => {
      const names = Array.isArray(data.role_names) ? data.role_names : [...tenant.roles.keys()];
      return names
        .map((n) => tenant.roles.get(String(n)))
        .filter((r) => r !== undefined)
        .map((r) => [
          {
            pretty_name: r.prettyName,
            permissions: r.permissions,
            insert_time: r.insertTime,
            update_time: null,
            created_by: "admin@acme.example",
            description: r.description,
            groups: [],
            users: SEEDED_USERS.filter((u) => u.role_name === r.prettyName).map((u) => u.user_email),
          },
        ]);
    },
  },
  {
    method: "POST",
    path: /^\/platform\/iam\/v1\/role$/,
    body: true,
    permission: PERMISSION_RBAC,
    handle: ({ tenant, store, data }) => {
      const name = data.pretty_name;
      if (typeof name !== "string" || !name.trim()) throw new BusinessError("pretty_name is required");
      if (tenant.roles.has(name)) throw new BusinessError(`Role ${name} already exists`);
      const perms = Array.isArray(data.component_permissions) ? data.component_permissions.map(String) : [];
      const roleId = `custom_${tenant.roles.size + 1}`;
      const description = typeof data.description === "string" ? data.description : "";
      tenant.roles.set(name, { roleId, prettyName: name, description, permissions: perms, insertTime: store.now() });
      return { role_id: roleId };
    },
  },
  {
    method: "DELETE",
    path: /^\/platform\/iam\/v1\/role\/([^/]+)$/,
    body: false,
    permission: PERMISSION_RBAC,
    handle: ({ tenant }, [roleId]) => {
      const role = [...tenant.roles.values()].find((r) => r.roleId === roleId);
      if (!role) throw new BusinessError(`Role ${roleId} not found`);
      tenant.roles.delete(role.prettyName);
      return { role_id: roleId };
    },
  },
  {
    method: "GET",
    path: /^\/platform\/iam\/v1\/role\/permission-config$/,
    body: false,
    handle: () => [
      { name: "Public API", view_name: "public_api_keys_view", action_name: PERMISSION_API_KEYS },
      { name: "Roles", view_name: "rbac_view", action_name: PERMISSION_RBAC },
    ],
  },
  {
    method: "POST",
    path: /^\/public_api\/v1\/rbac\/get_users$/,
    body: true,
    handle: () => SEEDED_USERS.map((u) => ({ ...u })),
  },
  {
    method: "POST",
    path: /^\/public_api\/v1\/rbac\/set_user_role$/,
    body: true,
    permission: PERMISSION_RBAC,
    handle: ({ tenant, data }) => {
      if (typeof data.role_name !== "string" || !tenant.roles.has(data.role_name))
        throw new BusinessError("role_name not found");
      const emails = Array.isArray(data.user_emails) ? data.user_emails : [];
      return { update_count: String(SEEDED_USERS.filter((u) => emails.includes(u.user_email)).length) };
    },
  },
];

const keyEndpoints: Route[] = [
  {
    method: "POST",
    path: /^\/public_api\/v1\/api_keys\/generate$/,
    body: true,
    permission: PERMISSION_API_KEYS,
    handle: generateKey,
  },
  {
    method: "POST",
    path: /^\/public_api\/v1\/api_keys\/get_api_keys$/,
    body: true,
    permission: PERMISSION_API_KEYS,
    handle: listKeys,
  },
  {
    method: "POST",
    path: /^\/public_api\/v1\/api_keys\/delete$/,
    body: true,
    permission: PERMISSION_API_KEYS,
    handle: deleteKeys,
  },
  {
    method: "GET",
    path: /^\/platform\/iam\/v1\/api-key\/(\d+)$/,
    body: false,
    permission: PERMISSION_API_KEYS,
    handle: (c, [id]) => getKey(c, id!),
  },
  {
    method: "PUT",
    path: /^\/platform\/iam\/v1\/api-key\/(\d+)$/,
    body: true,
    permission: PERMISSION_API_KEYS,
    handle: (c, [id]) => editKey(c, id!),
  },
  {
    method: "PUT",
    path: /^\/platform\/iam\/v1\/scope\/api-key\/(\d+)$/,
    body: true,
    permission: PERMISSION_API_KEYS,
    handle: (c, [id]) => editKeyScope(c, id!),
  },
];

const routes = [...keyEndpoints, ...roleEndpoints];

function readRequestData(body: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
    // The documentation's first calls send a bare `{}`: no request_data means no filters.
    const data = "request_data" in parsed ? parsed.request_data : {};
    return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function startXsiamEmulator(opts: XsiamEmulatorOptions): Promise<XsiamEmulator> {
  const store = new XsiamStore(opts.now ?? Date.now, opts.clockSkewMs ?? 5 * 60 * 1000);

  async function handler(req: EmulatorRequest, res: ServerResponse) {
    const path = req.url.pathname.replace(/\/+$/, "") || "/";
    let params: string[] = [];
    const route = routes.find((r) => {
      const m = r.method === req.method ? r.path.exec(path) : null;
      if (m) params = m.slice(1);
      return m !== null;
    });
    if (!route) return sendError(res, 500, `No public API named ${req.method} ${path}`);

    const auth = store.authenticate(req.headers);
    if (!auth.ok) return sendError(res, 401);
    const caller = auth.key;
    const home = store.tenants.get(caller.tenant)!;
    const childHeader = req.headers["x-child-tenant-id"];
    const child = (Array.isArray(childHeader) ? childHeader[0] : childHeader)?.trim();
    let tenant = home;
    if (child && child !== home.id) {
      if (!home.children.includes(child))
        return sendError(res, 403, `Child tenant ${child} is not paired with this tenant`);
      tenant = store.tenants.get(child)!;
    }
    if (!tenant.licensed) return sendError(res, 402);
    if (route.permission && !store.permissionsOf(caller).has(route.permission)) return sendError(res, 403);

    let data: Record<string, unknown> = {};
    if (route.body) {
      const parsed = readRequestData(req.body);
      if (!parsed) return sendError(res, 400, 'The body must be JSON of the form {"request_data": {...}}');
      data = parsed;
    }
    try {
      sendJson(res, 200, { reply: route.handle({ store, tenant, caller, data }, params) });
    } catch (err) {
      if (!(err instanceof BusinessError)) throw err;
      sendError(res, 500, err.message);
    }
  }

  const inspect = () => store.counts();
  const running = await startEmulator({
    name: "xsiam",
    handler,
    tls: opts.tls,
    port: opts.port,
    host: opts.host,
    malformedBody: { contentType: "application/json", body: '{"reply": {"id": 30' },
    inspect,
  });
  return {
    ...running,
    inspect,
    demoConnection: {
      name: "Cortex XSIAM (emulator)",
      settings: { apiKeyId: String(SEEDED_KEYS.advancedAdmin.id), authLevel: "advanced", childTenantId: "", roles: "" },
      secrets: { apiKey: SEEDED_KEYS.advancedAdmin.key },
      memberScopes: ["Viewer", "Investigator"],
    },
  };
}
