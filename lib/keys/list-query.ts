import { z } from "zod";
import { UUID_PATTERN } from "@/lib/ids";
import { badRequest } from "@/lib/errors";
import { storableString } from "@/lib/validation/zod-text";

/**
 * The inventory's filter, sort and page position, as read from a URL's query string. The keys
 * page and GET /api/keys (and its CSV export) parse the same parameters with the same schema,
 * so a filtered view's link and its export always agree.
 */

export const KEY_STATUSES = ["active", "inactive", "expired", "revoked", "drifted"] as const;
const KEY_SORTS = ["issued", "expires", "name"] as const;
export type KeySort = (typeof KEY_SORTS)[number];
export type SortDirection = "asc" | "desc";

const MAX_PAGE_SIZE = 100;
export const DEFAULT_KEY_PAGE_SIZE = 25;
/** The sizes the page offers; the API takes any size up to MAX_PAGE_SIZE. */
export const KEY_PAGE_SIZES = [25, 50, 100] as const;

const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v),
    storableString().max(max).optional(),
  );

const uuid = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z.string().regex(UUID_PATTERN, "Pick one from the list.").optional(),
);

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The filter alone — what selects keys, without sort or page position: the list, its export, and
 * bulk revoke (lib/keys/lifecycle/bulk-revoke.ts) read the same one.
 */
export const keyFilterSchema = z.object({
  vendor: optionalText(40),
  connectionId: uuid,
  ownerId: uuid,
  status: z.preprocess((v) => (v === "" ? undefined : v), z.enum(KEY_STATUSES).optional()),
  expiringWithinDays: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(1, "At least 1 day.").max(3650, "At most 3650 days.").optional(),
  ),
  /**
   * Keys idle at least this many days, on vendors that report last use (lib/keys/unused.ts);
   * keys of other vendors are never matched.
   */
  unusedForDays: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce
      .number({ error: "A whole number of days, 1 to 3650." })
      .int("A whole number of days, 1 to 3650.")
      .min(1, "At least 1 day.")
      .max(3650, "At most 3650 days.")
      .optional(),
  ),
  /** Name prefix, case-insensitive. */
  q: optionalText(200),
  /** Keys whose owner is no longer a member of the team (offboarding's "keep as ownerless"). */
  ownerless: z.preprocess(
    (v) => (v === "" || v === undefined || v === "0" || v === false ? undefined : v === "1" || v === true ? true : v),
    z.literal(true, { error: "Use ownerless=1." }).optional(),
  ),
  /** Keys issued before this day (UTC midnight): the list's age filter. */
  issuedBefore: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .regex(DAY_PATTERN, "A date as YYYY-MM-DD.")
      .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "Not a calendar date.")
      .optional(),
  ),
});

export type KeyFilter = z.infer<typeof keyFilterSchema>;

export const keyListQuerySchema = keyFilterSchema.extend({
  sort: z.preprocess((v) => (v === "" ? undefined : v), z.enum(KEY_SORTS).default("issued")),
  dir: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["asc", "desc"]).optional()),
  cursor: optionalText(1000),
  limit: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_PAGE_SIZE, `At most ${MAX_PAGE_SIZE} keys per page.`)
      .default(DEFAULT_KEY_PAGE_SIZE),
  ),
});

export type KeyListQuery = z.infer<typeof keyListQuerySchema>;

/** Newest first for dates a person scans from the top; A→Z for names. */
export function defaultDirection(sort: KeySort): SortDirection {
  return sort === "name" ? "asc" : sort === "expires" ? "asc" : "desc";
}

/** Parses URLSearchParams (or a page's searchParams object) into a query; throws the zod error on bad input. */
export function parseKeyListQuery(
  params: URLSearchParams | Record<string, string | string[] | undefined>,
): KeyListQuery {
  const entries: Record<string, string> = {};
  if (params instanceof URLSearchParams) params.forEach((v, k) => (entries[k] = v));
  else
    for (const [k, v] of Object.entries(params)) if (v !== undefined) entries[k] = Array.isArray(v) ? (v[0] ?? "") : v;
  return keyListQuerySchema.parse(entries);
}

/** The filter alone from URL parameters (sort, page and other parameters are ignored); throws the zod error on bad input. */
export function parseKeyFilter(params: URLSearchParams): KeyFilter {
  return keyFilterSchema.parse(Object.fromEntries(params));
}

/** The filter's own fields as URL parameters: what a bulk revoke previews and sends back. */
export function keyFilterParams(filter: KeyFilter): URLSearchParams {
  const out = new URLSearchParams();
  const fields: Record<string, string | undefined> = {
    vendor: filter.vendor,
    connectionId: filter.connectionId,
    ownerId: filter.ownerId,
    status: filter.status,
    expiringWithinDays: filter.expiringWithinDays?.toString(),
    unusedForDays: filter.unusedForDays?.toString(),
    q: filter.q,
    ownerless: filter.ownerless ? "1" : undefined,
    issuedBefore: filter.issuedBefore,
  };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== "") out.set(k, v);
  return out;
}

/** True when any filter narrows the list. */
export const isFiltered = (filter: KeyFilter): boolean => keyFilterParams(filter).size > 0;

/** The filter part of a query as URL parameters (no cursor), for links that keep the view. */
export function filterParams(query: KeyListQuery, overrides: Record<string, string | undefined> = {}): URLSearchParams {
  const out = new URLSearchParams();
  const base: Record<string, string | undefined> = {
    vendor: query.vendor,
    connectionId: query.connectionId,
    ownerId: query.ownerId,
    status: query.status,
    expiringWithinDays: query.expiringWithinDays?.toString(),
    unusedForDays: query.unusedForDays?.toString(),
    q: query.q,
    ownerless: query.ownerless ? "1" : undefined,
    issuedBefore: query.issuedBefore,
    sort: query.sort === "issued" ? undefined : query.sort,
    dir: query.dir,
    limit: query.limit === DEFAULT_KEY_PAGE_SIZE ? undefined : String(query.limit),
  };
  for (const [k, v] of Object.entries({ ...base, ...overrides })) if (v !== undefined && v !== "") out.set(k, v);
  return out;
}

// ---- cursor -----------------------------------------------------------------------------------

/**
 * A cursor is opaque to clients: base64url of the last (or, going back, first) row's sort value
 * and id, bound to the sort it was made for. `v` is the database's own text of the sort value,
 * so timestamps keep their microseconds and the next page starts exactly after the row.
 */
const cursorSchema = z.object({
  s: z.enum(KEY_SORTS),
  d: z.enum(["asc", "desc"]),
  v: z.string().max(600),
  id: z.string().regex(UUID_PATTERN),
  /** Set on a "previous page" cursor: rows before this one, in reverse. */
  b: z.literal(1).optional(),
  /** How many rows come before the page this cursor opens, for "Showing 26–50 of …". */
  n: z.number().int().min(0).max(1_000_000_000).optional(),
});

export type KeyCursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: KeyCursor): string {
  return Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");
}

/** Decodes and checks a cursor against the sort in use; anything else is a 400 that says what to do. */
export function decodeCursor(raw: string, sort: KeySort, dir: SortDirection): KeyCursor {
  const bad = () =>
    badRequest("The page cursor is not valid. Open the list again from its first page.", {
      cursor: "Not a cursor this list made.",
    });
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success) throw bad();
  if (result.data.s !== sort || result.data.d !== dir) {
    throw badRequest("The page cursor was made for another sort order. Open the list again from its first page.", {
      cursor: "Made for another sort order.",
    });
  }
  return result.data;
}
