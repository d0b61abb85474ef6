import type { ServerResponse } from "node:http";
import { sendJson, startEmulator, type EmulatorRequest, type VendorEmulator, type VendorEmulatorOptions } from "../kit";
import { RancherStore } from "./store";
import { renderApiRoot, renderCollection, renderProject, sendError, sendUnauthorized } from "./render";
import { renderSchemaById, renderSchemas, type SchemaScope } from "./schemas";
import { handleKeyCollection, handleKeyResource, type Principal } from "./keys";

/**
 * A stand-in for a Rancher 1.6 server's Cattle API (`/v2-beta`, and `/v1` alike) limited to
 * environments and API keys, with HTTP Basic auth by access key / secret key.
 *
 * Seeded state:
 *   Environments (Cattle projects): 1a5 "Default", 1a7 "Production".
 *   Accounts and their account API keys (active):
 *     1a1 "admin" (admin: every environment)
 *       access key 0F2C4A6B8D1E3F5A7C9B  secret key keywardDemoRancherAdminSecretKey2xq7Zr5W   (key 1c1)
 *     1a3 "viewer" (read-only member of "Default" only: its writes get 403 Forbidden)
 *       access key 7E1D9C3B5A2F4E6D8C0B  secret key keywardDemoRancherViewerSecretKey8Hd3Nv6   (key 1c2)
 * Environment keys created through the API start `registering` and settle to `active` after
 * `transitionMs` (default 100 ms); actions and deletes go through the same timed states.
 */

export const RANCHER_ADMIN_ACCESS_KEY = "0F2C4A6B8D1E3F5A7C9B";
export const RANCHER_ADMIN_SECRET_KEY = "keywardDemoRancherAdminSecretKey2xq7Zr5W";
export const RANCHER_VIEWER_ACCESS_KEY = "7E1D9C3B5A2F4E6D8C0B";
export const RANCHER_VIEWER_SECRET_KEY = "keywardDemoRancherViewerSecretKey8Hd3Nv6";
export const RANCHER_DEFAULT_ENVIRONMENT_ID = "1a5";
const RANCHER_PRODUCTION_ENVIRONMENT_ID = "1a7";

export interface RancherEmulatorOptions extends VendorEmulatorOptions {
  /** How long each transitional state (registering, deactivating, removing…) lasts. */
  transitionMs?: number;
}

function seed(store: RancherStore): void {
  store.addProject(RANCHER_DEFAULT_ENVIRONMENT_ID, "Default", "Default environment");
  store.addProject(RANCHER_PRODUCTION_ENVIRONMENT_ID, "Production", "Production workloads");
  store.addAccount({ id: "1a1", name: "admin", kind: "admin", memberships: {} });
  store.addAccount({
    id: "1a3",
    name: "viewer",
    kind: "user",
    memberships: { [RANCHER_DEFAULT_ENVIRONMENT_ID]: "readonly" },
  });
  store.addKey({
    accountId: "1a1",
    name: "keyward-admin",
    description: "Account key used by the Keyward demo",
    publicValue: RANCHER_ADMIN_ACCESS_KEY,
    secretValue: RANCHER_ADMIN_SECRET_KEY,
    settled: true,
  });
  store.addKey({
    accountId: "1a3",
    name: "viewer",
    description: "Read-only account key",
    publicValue: RANCHER_VIEWER_ACCESS_KEY,
    secretValue: RANCHER_VIEWER_SECRET_KEY,
    settled: true,
  });
}

/** Who a valid Basic credential speaks for, and what that lets it see and change. */
function principalFor(store: RancherStore, accountId: string): Principal {
  const project = store.projects.get(accountId);
  if (project) {
    // An environment key's account is the project itself: it sees and manages only that one.
    return { accountId, admin: false, canSee: (pid) => pid === accountId, canWrite: (pid) => pid === accountId };
  }
  const account = store.accounts.get(accountId);
  const admin = account?.kind === "admin";
  return {
    accountId,
    admin,
    canSee: (pid) => admin || pid === accountId || Boolean(account?.memberships[pid]),
    canWrite: (pid) => admin || pid === accountId || account?.memberships[pid] === "owner",
  };
}

function authenticate(store: RancherStore, req: EmulatorRequest): Principal | undefined {
  const header = String(req.headers.authorization ?? "");
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  const key = store.authenticate(decoded.slice(0, colon), decoded.slice(colon + 1));
  return key && principalFor(store, key.accountId);
}

const KEY_TYPE_NAMES = new Set(["apikeys", "apikey"]);

/** `…/schemas` and `…/schemas/<id>` (the schemas' self links), read-only. */
function schemas(res: ServerResponse, method: string, scope: SchemaScope, id?: string, extra?: string): void {
  if (extra !== undefined) return sendError(res, 404);
  if (method !== "GET") return sendError(res, 405);
  if (id === undefined) return sendJson(res, 200, renderSchemas(scope));
  const schema = renderSchemaById(scope, id);
  return schema ? sendJson(res, 200, schema) : sendError(res, 404);
}

function route(store: RancherStore, req: EmulatorRequest, res: ServerResponse): void | Promise<void> {
  const match = /^\/(v1|v2-beta)(\/.*)?$/i.exec(req.url.pathname);
  if (!match) return sendError(res, 404);
  const version = match[1]!.toLowerCase();
  const principal = authenticate(store, req);
  if (!principal)
    return sendUnauthorized(res, String(req.headers["x-api-no-challenge"] ?? "").toLowerCase() !== "true");

  const base = `https://${req.headers.host ?? "localhost"}/${version}`;
  const segments = (match[2] ?? "").split("/").filter(Boolean);
  const [first, second, third, fourth, ...extra] = segments.map((s, i) => (i % 2 === 0 ? s.toLowerCase() : s));
  // Every answer names the schemas of its scope, which is how the clients bootstrap from any URL.
  const inProject = first === "projects" && second !== undefined && store.projects.has(second);
  const scope: SchemaScope = { base, prefix: inProject ? `${base}/projects/${second}` : base };
  res.setHeader("X-API-Schemas", `${scope.prefix}/schemas`);
  res.setHeader("X-API-Account-Id", principal.accountId);
  if (extra.length > 0) return sendError(res, 404);
  const ctx = { store, req, res, base, principal };

  if (first === undefined)
    return req.method === "GET" ? sendJson(res, 200, renderApiRoot(base, version)) : sendError(res, 405);
  if (first === "schemas") return schemas(res, req.method, scope, second, third);
  if (KEY_TYPE_NAMES.has(first) && third === undefined) {
    // Account keys: the collection of the caller's own account.
    if (second === undefined) return handleKeyCollection(ctx, principal.accountId, false);
    return handleKeyResource(ctx, principal.accountId, second, false);
  }
  if (first !== "projects") return sendError(res, 404);
  if (second === undefined) {
    if (req.method !== "GET") return sendError(res, 405);
    const visible = [...store.projects.values()].filter((p) => principal.canSee(p.id));
    return sendJson(
      res,
      200,
      renderCollection({
        self: `${base}/projects`,
        resourceType: "project",
        items: visible.map((p) => renderProject(base, p)),
        limit: 100,
        filters: { name: null, state: null },
      }),
    );
  }
  const project = store.projects.get(second);
  if (!project || !principal.canSee(project.id)) return sendError(res, 404);
  if (third === undefined)
    return req.method === "GET" ? sendJson(res, 200, renderProject(base, project)) : sendError(res, 405);
  if (third === "schemas") return schemas(res, req.method, scope, fourth, undefined);
  if (!KEY_TYPE_NAMES.has(third)) return sendError(res, 404);
  if (fourth === undefined) return handleKeyCollection(ctx, project.id, true);
  return handleKeyResource(ctx, project.id, fourth, true);
}

export async function startRancherEmulator(opts: RancherEmulatorOptions): Promise<VendorEmulator> {
  const store = new RancherStore(opts.transitionMs ?? 100);
  seed(store);
  const running = await startEmulator({
    name: "rancher",
    tls: opts.tls,
    port: opts.port,
    host: opts.host,
    handler: (req, res) => route(store, req, res),
    // What a load balancer in front of Rancher answers when the server behind it is down.
    malformedBody: { contentType: "text/html", body: "<html><head><title>502 Bad Gateway</title></head><body>" },
    inspect: () => ({
      environments: store.projects.size,
      keys: store.countsByState(),
      keysByEnvironment: Object.fromEntries([...store.projects.keys()].map((pid) => [pid, store.keysOf(pid).length])),
    }),
  });
  return {
    ...running,
    demoConnection: {
      name: "Rancher (emulator)",
      settings: { accessKey: RANCHER_ADMIN_ACCESS_KEY },
      secrets: { secretKey: RANCHER_ADMIN_SECRET_KEY },
      memberScopes: [RANCHER_DEFAULT_ENVIRONMENT_ID],
    },
  };
}
