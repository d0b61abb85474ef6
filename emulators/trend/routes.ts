import { runSearch, SearchError, type SearchableFields } from "./search";
import { ApiFailure, type StoredAdmin, type StoredKey, type StoredSession, type TrendStore } from "./store";

/** Who made an authenticated `/api` call. */
export type Principal =
  { kind: "key"; key: StoredKey } | { kind: "session"; admin: StoredAdmin; session: StoredSession };

export interface Reply {
  status: number;
  json?: unknown;
}

const KEY_FIELDS: SearchableFields = {
  keyName: "string",
  description: "string",
  locale: "choice",
  roleID: "numeric",
  timeZone: "string",
  active: "boolean",
  created: "date",
  lastSignIn: "date",
  unlockTime: "date",
  unsuccessfulSignInAttempts: "numeric",
  expiryDate: "date",
  serviceAccount: "boolean",
};
const ROLE_FIELDS: SearchableFields = {
  name: "string",
  description: "string",
  urn: "string",
  immutable: "boolean",
  allowWebService: "boolean",
};
// Only these may change through `/apikeys/current` (SDK docstring).
const CURRENT_WRITABLE = ["keyName", "description", "locale", "timeZone"];

const ok = (json?: unknown): Reply => ({ status: 200, json });
const notFound = (what: string, id: string) => new ApiFailure(404, `No ${what} with ID ${id} exists.`);
const methodNotAllowed = () => new ApiFailure(405, "Method not allowed.");

function roleOf(store: TrendStore, p: Principal): number | undefined {
  return p.kind === "key" ? p.key.roleID : p.admin.roleID;
}

/** Full Access (or a key without a role, which the docs say has full access) may change things. */
function requireManage(store: TrendStore, p: Principal): void {
  const roleID = roleOf(store, p);
  if (roleID === undefined) return;
  if (store.roles.get(roleID)?.canManage) return;
  throw new ApiFailure(
    403,
    `Access denied. The role of this ${p.kind === "key" ? "API key" : "user"} does not allow this operation.`,
  );
}

function search<T extends { ID: number }>(items: T[], body: unknown, fields: SearchableFields): T[] {
  try {
    return runSearch(items, body, fields);
  } catch (err) {
    if (err instanceof SearchError) throw new ApiFailure(400, err.message);
    throw err;
  }
}

function currentKey(p: Principal): StoredKey {
  if (p.kind !== "key") throw new ApiFailure(403, "This operation requires authentication with an API secret key.");
  return p.key;
}

function apiKeys(
  store: TrendStore,
  p: Principal,
  method: string,
  rest: string[],
  body: Record<string, unknown>,
): Reply {
  const [first, second, ...more] = rest;
  if (more.length > 0) throw new ApiFailure(404, "Not found.");
  if (first === undefined) {
    if (method === "GET") return ok({ apiKeys: [...store.keys.values()].map((k) => store.keyView(k)) });
    if (method !== "POST") throw methodNotAllowed();
    requireManage(store, p);
    const fields = store.readKeyFields(body, true);
    const { key, secret } = store.insertKey({
      locale: "en-US",
      timeZone: "UTC",
      active: true,
      ...fields,
      keyName: fields.keyName as string,
    });
    return ok({ ...store.keyView(key), secretKey: secret });
  }
  if (first === "search" && second === undefined) {
    if (method !== "POST") throw methodNotAllowed();
    return ok({ apiKeys: search([...store.keys.values()], body, KEY_FIELDS).map((k) => store.keyView(k)) });
  }
  if (first === "current") {
    const key = currentKey(p);
    if (second === "secretkey") {
      if (method !== "POST") throw methodNotAllowed();
      return ok({ ...store.keyView(key), secretKey: store.resetSecret(key) });
    }
    if (second !== undefined) throw new ApiFailure(404, "Not found.");
    if (method === "POST") {
      const writable = Object.fromEntries(Object.entries(body).filter(([k]) => CURRENT_WRITABLE.includes(k)));
      Object.assign(key, store.readKeyFields(writable, false));
    } else if (method !== "GET") throw methodNotAllowed();
    const role = key.roleID !== undefined ? store.roles.get(key.roleID) : undefined;
    return ok({ ...store.keyView(key), ...(role ? { roleURN: role.urn } : {}) });
  }
  if (!/^\d+$/.test(first)) throw new ApiFailure(404, "Not found.");
  const key = store.keys.get(Number(first));
  if (!key) throw notFound("API key", first);
  if (second === "secretkey") {
    if (method !== "POST") throw methodNotAllowed();
    requireManage(store, p);
    return ok({ ...store.keyView(key), secretKey: store.resetSecret(key) });
  }
  if (second !== undefined) throw new ApiFailure(404, "Not found.");
  if (method === "GET") return ok(store.keyView(key));
  requireManage(store, p);
  if (method === "POST") {
    Object.assign(key, store.readKeyFields(body, false));
    return ok(store.keyView(key));
  }
  if (method === "DELETE") {
    store.keys.delete(key.ID);
    return { status: 200 };
  }
  throw methodNotAllowed();
}

function readRoleFields(
  store: TrendStore,
  body: Record<string, unknown>,
  creating: boolean,
  selfId?: number,
): { name?: string; description?: string } {
  const out: { name?: string; description?: string } = {};
  if (body.name !== undefined || creating) {
    if (typeof body.name !== "string" || !body.name.trim()) throw new ApiFailure(400, "name is required.");
    const clash = [...store.roles.values()].some((r) => r.name === body.name && r.ID !== selfId);
    if (clash) throw new ApiFailure(400, `A role named ${body.name} already exists.`);
    out.name = body.name.trim();
  }
  if (body.description !== undefined) {
    if (typeof body.description !== "string") throw new ApiFailure(400, "description must be a string.");
    out.description = body.description;
  }
  return out;
}

function roles(store: TrendStore, p: Principal, method: string, rest: string[], body: Record<string, unknown>): Reply {
  const [first, ...more] = rest;
  if (more.length > 0) throw new ApiFailure(404, "Not found.");
  if (first === undefined) {
    if (method === "GET") return ok({ roles: [...store.roles.values()].map((r) => store.roleView(r)) });
    if (method !== "POST") throw methodNotAllowed();
    requireManage(store, p);
    const fields = readRoleFields(store, body, true);
    return ok(store.roleView(store.addRole(fields.name as string, fields.description ?? "", false)));
  }
  if (first === "search") {
    if (method !== "POST") throw methodNotAllowed();
    return ok({ roles: search([...store.roles.values()], body, ROLE_FIELDS).map((r) => store.roleView(r)) });
  }
  if (!/^\d+$/.test(first)) throw new ApiFailure(404, "Not found.");
  const role = store.roles.get(Number(first));
  if (!role) throw notFound("role", first);
  if (method === "GET") return ok(store.roleView(role));
  requireManage(store, p);
  if (role.immutable) throw new ApiFailure(400, `The role ${role.name} is built in and cannot be changed or deleted.`);
  if (method === "POST") {
    Object.assign(role, readRoleFields(store, body, false, role.ID));
    return ok(store.roleView(role));
  }
  if (method === "DELETE") {
    if ([...store.keys.values()].some((k) => k.roleID === role.ID))
      throw new ApiFailure(400, `The role ${role.name} is assigned to API keys and cannot be deleted.`);
    store.roles.delete(role.ID);
    return { status: 200 };
  }
  throw methodNotAllowed();
}

/** Dispatches an authenticated call below `/api` (`segments` without the `api` prefix). */
export function routeApi(
  store: TrendStore,
  p: Principal,
  method: string,
  segments: string[],
  body: Record<string, unknown>,
): Reply {
  const [resource, ...rest] = segments;
  if (resource === "apikeys") return apiKeys(store, p, method, rest, body);
  if (resource === "roles") return roles(store, p, method, rest, body);
  throw new ApiFailure(404, "Not found.");
}
