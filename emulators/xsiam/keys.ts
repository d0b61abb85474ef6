import { isSecurityLevel } from "@/lib/vendors/xsiam/auth";
import type { EmulatedKey, EmulatedTenant, XsiamStore } from "./store";
import { VENDOR_COMMENT_MAX_LENGTH, defaultExpiryMs, maxExpiryMs } from "@/lib/vendors/xsiam/limits";

/**
 * The API-key endpoints of the XSIAM emulator. Handlers return the `reply` value or throw
 * `BusinessError`, which the router answers the way the vendor does: HTTP 500 with
 * `{reply: {err_code: 500, err_msg, err_extra}}`.
 */

export class BusinessError extends Error {}

export interface KeyContext {
  store: XsiamStore;
  tenant: EmulatedTenant;
  caller: EmulatedKey;
  data: Record<string, unknown>;
}

function checkRoles(tenant: EmulatedTenant, roles: unknown): string[] {
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => typeof r === "string")) {
    throw new BusinessError("roles must be a non-empty list of role names");
  }
  const unknown = roles.filter((r) => !tenant.roles.has(r));
  if (unknown.length) throw new BusinessError(`Role(s) not found: ${unknown.join(", ")}`);
  if (new Set(roles).size !== roles.length) throw new BusinessError("roles must not repeat");
  return roles as string[];
}

function checkComment(comment: unknown): string | null {
  if (comment === undefined || comment === null) return null;
  if (typeof comment !== "string") throw new BusinessError("comment must be a string");
  if (comment.length > VENDOR_COMMENT_MAX_LENGTH)
    throw new BusinessError(`comment must be at most ${VENDOR_COMMENT_MAX_LENGTH} characters`);
  return comment;
}

function publicRecord(k: EmulatedKey) {
  return {
    id: k.id,
    creation_time: k.creationTime,
    created_by: k.createdBy,
    user_name: k.createdBy,
    roles: k.roles,
    security_level: k.level,
    comment: k.comment,
    expiration: k.expiration,
  };
}

export function generateKey({ store, tenant, caller, data }: KeyContext) {
  const now = store.now();
  const roles = checkRoles(tenant, data.roles);
  const level = data.security_level ?? "standard";
  if (!isSecurityLevel(level)) throw new BusinessError('security_level must be "standard" or "advanced"');
  let expiration = defaultExpiryMs(now);
  if (data.expiration !== undefined && data.expiration !== null) {
    if (typeof data.expiration !== "number" || !Number.isSafeInteger(data.expiration))
      throw new BusinessError("expiration must be an integer timestamp in epoch milliseconds");
    if (data.expiration <= now) throw new BusinessError("expiration must be in the future");
    if (data.expiration > maxExpiryMs(now))
      throw new BusinessError("Maximum expiration date is six months from the time of the API call");
    expiration = data.expiration;
  }
  const comment = checkComment(data.comment);
  const key = store.addKey({ level, roles, comment, expiration, createdBy: `api-key-${caller.id}`, tenant: tenant.id });
  return { id: key.id, key: key.key };
}

type Filter = { field: string; operator: string; value: unknown };

function parseFilters(raw: unknown): Filter[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new BusinessError("filters must be a list");
  return raw.map((f) => {
    const { field, operator, value } = (f ?? {}) as Filter;
    const allowed: Record<string, string[]> = { expiration: ["gte", "lte"], roles: ["contains"], id: ["in"] };
    if (typeof field !== "string" || !allowed[field]?.includes(operator))
      throw new BusinessError(`Unsupported filter: ${String(field)} ${String(operator)}`);
    if (field === "id" && (!Array.isArray(value) || !value.every((v) => Number.isSafeInteger(v))))
      throw new BusinessError("id filter value must be a list of integers");
    if (field === "expiration" && typeof value !== "number")
      throw new BusinessError("expiration filter value must be epoch milliseconds");
    if (field === "roles" && typeof value !== "string")
      throw new BusinessError("roles filter value must be a role name");
    return { field, operator, value };
  });
}

function matches(k: EmulatedKey, f: Filter): boolean {
  switch (`${f.field}:${f.operator}`) {
    case "id:in":
      return (f.value as number[]).includes(k.id);
    case "roles:contains":
      return k.roles.includes(f.value as string);
    case "expiration:gte":
      return k.expiration === null || k.expiration >= (f.value as number);
    default:
      return k.expiration !== null && k.expiration <= (f.value as number);
  }
}

export function listKeys({ store, tenant, data }: KeyContext) {
  const filters = parseFilters(data.filters);
  const all = store.keysOf(tenant.id);
  const found = all.filter((k) => filters.every((f) => matches(k, f)));
  const sort = (data.sort ?? {}) as { field?: unknown; keyword?: unknown };
  const field = sort.field === "creation_time" ? "creationTime" : sort.field === "id" ? "id" : "expiration";
  const dir = sort.keyword === "asc" ? 1 : -1;
  const value = (k: EmulatedKey) => (field === "expiration" ? (k.expiration ?? Number.MAX_SAFE_INTEGER) : k[field]);
  found.sort((a, b) => dir * (value(a) - value(b)) || a.id - b.id);
  const from = Number.isSafeInteger(data.search_from) ? (data.search_from as number) : 0;
  const to = Number.isSafeInteger(data.search_to) ? (data.search_to as number) : 100;
  return {
    DATA: found.slice(from, Math.max(from, to)).map(publicRecord),
    FILTER_COUNT: found.length,
    TOTAL_COUNT: all.length,
  };
}

export function deleteKeys({ store, tenant, data }: KeyContext) {
  const filters = parseFilters(data.filters);
  if (filters.length === 0) throw new BusinessError("filters are required to delete API keys");
  const doomed = store.keysOf(tenant.id).filter((k) => filters.every((f) => matches(k, f)));
  for (const k of doomed) store.keys.delete(k.id);
  return { update_count: doomed.length };
}

function keyInTenant({ store, tenant }: KeyContext, rawId: string): EmulatedKey {
  const key = store.keys.get(Number(rawId));
  if (!key || key.tenant !== tenant.id) throw new BusinessError(`API key ${rawId} not found`);
  return key;
}

export function getKey(ctx: KeyContext, rawId: string) {
  return publicRecord(keyInTenant(ctx, rawId));
}

export function editKey(ctx: KeyContext, rawId: string) {
  const key = keyInTenant(ctx, rawId);
  const roles = checkRoles(ctx.tenant, ctx.data.roles);
  const level = ctx.data.security_level;
  if (!isSecurityLevel(level)) throw new BusinessError('security_level is required: "standard" or "advanced"');
  const comment = ctx.data.comment === undefined ? key.comment : checkComment(ctx.data.comment);
  Object.assign(key, { roles, level, comment });
  return publicRecord(key);
}

export function editKeyScope(ctx: KeyContext, rawId: string) {
  const key = keyInTenant(ctx, rawId);
  key.scope = {
    assets: ctx.data.assets,
    datasets_rows: ctx.data.datasets_rows,
    endpoints: ctx.data.endpoints,
    cases_issues: ctx.data.cases_issues,
  };
  return { id: key.id, scope: key.scope };
}
