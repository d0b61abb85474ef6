import { z } from "zod";
import type { XsiamGenerateInput } from "./validation";

/**
 * Request bodies and zod-validated replies of the Cortex XSIAM public API. Every call is
 * `{"request_data": {...}}` in, `{"reply": ...}` out. Where the documentation and observed
 * traffic disagree (upper/lower-case list keys, error body wrapped or not, ids as numbers or
 * strings) the parsers accept both.
 */

export const PATHS = {
  generate: "/public_api/v1/api_keys/generate",
  list: "/public_api/v1/api_keys/get_api_keys",
  delete: "/public_api/v1/api_keys/delete",
  getRoles: "/public_api/v1/rbac/get_roles",
  listRoles: "/platform/iam/v1/role",
  apiKey: (id: string) => `/platform/iam/v1/api-key/${encodeURIComponent(id)}`,
} as const;

// ---- requests -------------------------------------------------------------------------------

export interface XsiamFilter {
  field: "expiration" | "roles" | "id";
  operator: "gte" | "lte" | "contains" | "in";
  value: number | string | number[];
}

export function generateBody(input: XsiamGenerateInput): string {
  return JSON.stringify({
    request_data: {
      roles: input.roles,
      security_level: input.securityLevel,
      expiration: input.expiration,
      comment: input.comment,
    },
  });
}

export function listBody(opts: { from: number; to: number; filters?: XsiamFilter[] }): string {
  return JSON.stringify({
    request_data: {
      ...(opts.filters?.length ? { filters: opts.filters } : {}),
      search_from: opts.from,
      search_to: opts.to,
      sort: { field: "expiration", keyword: "desc" },
    },
  });
}

export function deleteBody(ids: number[]): string {
  return JSON.stringify({ request_data: { filters: [{ field: "id", operator: "in", value: ids }] } });
}

// ---- replies --------------------------------------------------------------------------------

/** Numbers sometimes arrive as strings (`{"update_count": "2"}`). */
const numeric = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** `{reply: X}` → X; a body without the wrapper is taken as X itself. */
function unwrap(value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value) && "reply" in value)
    return (value as { reply: unknown }).reply;
  return value;
}

const errorFields = z.object({
  err_code: z.union([z.number(), z.string()]),
  err_msg: z.string().nullish(),
  err_extra: z.unknown().optional(),
});

export interface XsiamErrorBody {
  code?: number;
  message?: string;
  extra?: string;
}

/** The vendor's error words, wrapped in `reply` or top-level; undefined when the body is no error body. */
export function parseErrorBody(value: unknown): XsiamErrorBody | undefined {
  for (const candidate of [unwrap(value), value]) {
    const parsed = errorFields.safeParse(candidate);
    if (!parsed.success) continue;
    const { err_code, err_msg, err_extra } = parsed.data;
    const code = typeof err_code === "number" ? err_code : Number.parseInt(err_code, 10);
    // Kept whole: a cut before redaction could keep a secret's first characters (the redactor cuts).
    const extra =
      err_extra === null || err_extra === undefined
        ? undefined
        : typeof err_extra === "string"
          ? err_extra
          : JSON.stringify(err_extra);
    return { code: Number.isNaN(code) ? undefined : code, message: err_msg ?? undefined, extra };
  }
  return undefined;
}

const generateReply = z
  .object({
    id: numeric.optional(),
    api_key_id: numeric.optional(),
    key: z.string().min(1).optional(),
    api_key: z.string().min(1).optional(),
  })
  .refine((r) => (r.id ?? r.api_key_id) !== undefined && (r.key ?? r.api_key) !== undefined);

export function parseGenerateReply(value: unknown): { id: number; key: string } | undefined {
  const parsed = generateReply.safeParse(unwrap(value));
  if (!parsed.success) return undefined;
  return { id: (parsed.data.id ?? parsed.data.api_key_id)!, key: (parsed.data.key ?? parsed.data.api_key)! };
}

const keyRecord = z.object({
  id: numeric,
  roles: z.array(z.string()).nullish(),
  security_level: z.string().nullish(),
  comment: z.string().nullish(),
  expiration: numeric.nullish(),
  creation_time: numeric.nullish(),
  created_by: z.string().nullish(),
  user_name: z.string().nullish(),
});
type XsiamKeyRecord = z.infer<typeof keyRecord>;

const listReply = z
  .object({
    DATA: z.array(keyRecord).optional(),
    data: z.array(keyRecord).optional(),
    FILTER_COUNT: numeric.optional(),
    filter_count: numeric.optional(),
    TOTAL_COUNT: numeric.optional(),
    total_count: numeric.optional(),
  })
  .refine((r) => r.DATA !== undefined || r.data !== undefined);

export interface XsiamKeyPage {
  keys: XsiamKeyRecord[];
  filterCount: number;
  totalCount: number;
}

export function parseListReply(value: unknown): XsiamKeyPage | undefined {
  const parsed = listReply.safeParse(unwrap(value));
  if (!parsed.success) return undefined;
  const keys = parsed.data.DATA ?? parsed.data.data ?? [];
  const filterCount = parsed.data.FILTER_COUNT ?? parsed.data.filter_count ?? keys.length;
  return { keys, filterCount, totalCount: parsed.data.TOTAL_COUNT ?? parsed.data.total_count ?? filterCount };
}

const deleteReply = z.object({ update_count: numeric });

export function parseDeleteReply(value: unknown): { updateCount: number } | undefined {
  const parsed = deleteReply.safeParse(unwrap(value));
  return parsed.success ? { updateCount: parsed.data.update_count } : undefined;
}

const roleRecord = z.object({
  role_id: z.union([z.string(), z.number()]).nullish(),
  pretty_name: z.string().min(1),
  description: z.string().nullish(),
});
export type XsiamRoleRecord = z.infer<typeof roleRecord>;

/**
 * Roles from `GET /platform/iam/v1/role` (shape not documented: a bare array, `{data}`,
 * `{reply: [...]}` or `{reply: {data|DATA}}`) or `POST /rbac/get_roles` (documented as an
 * array of one-element arrays). All are flattened to one list.
 */
export function parseRolesReply(value: unknown): XsiamRoleRecord[] | undefined {
  let list: unknown = unwrap(value);
  if (list && typeof list === "object" && !Array.isArray(list)) {
    const obj = list as Record<string, unknown>;
    list = obj.data ?? obj.DATA ?? obj.roles;
  }
  if (!Array.isArray(list)) return undefined;
  const parsed = z.array(z.union([roleRecord, z.array(roleRecord)])).safeParse(list);
  return parsed.success ? parsed.data.flat() : undefined;
}
