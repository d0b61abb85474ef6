import { z } from "zod";

/**
 * Offset pages for the lists that grow with a team's activity (requests, approvals, notices).
 * The page size is one of a few choices so a shared link shows the same rows; the page number is
 * bounded so a hand-made link cannot ask the database to skip millions of rows.
 */

export const PAGE_SIZES = [25, 50, 100] as const;
type PageSize = (typeof PAGE_SIZES)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 25;
const MAX_PAGE = 10_000;

const blankIsUnset = (v: unknown) => (v === "" ? undefined : v);

const pageQuerySchema = z.object({
  page: z.preprocess(
    blankIsUnset,
    z.coerce.number().int("A whole page number.").min(1, "Pages start at 1.").max(MAX_PAGE).default(1),
  ),
  size: z.preprocess(
    blankIsUnset,
    z.coerce
      .number()
      .refine((n): n is PageSize => (PAGE_SIZES as readonly number[]).includes(n), {
        error: `One of ${PAGE_SIZES.join(", ")} per page.`,
      })
      .default(DEFAULT_PAGE_SIZE),
  ),
});

export interface PageQuery {
  page: number;
  size: PageSize;
}

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function entries(params: Params): Record<string, string> {
  const out: Record<string, string> = {};
  if (params instanceof URLSearchParams) params.forEach((v, k) => (out[k] = v));
  else for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = Array.isArray(v) ? (v[0] ?? "") : v;
  return out;
}

/** For the BFF: a bad page or size throws the zod error, which the endpoint answers with 422. */
export function parsePageQuery(params: Params): PageQuery {
  const { page, size } = pageQuerySchema.parse(entries(params));
  return { page, size: size as PageSize };
}

/** For pages: a damaged link falls back to the first page of the default size, and says so. */
export function readPageQuery(params: Params): { query: PageQuery; problem?: string } {
  try {
    return { query: parsePageQuery(params) };
  } catch {
    return {
      query: { page: 1, size: DEFAULT_PAGE_SIZE },
      problem: "The page or page size in this link was not understood; showing the first page.",
    };
  }
}

/** The rows to skip for a page. */
export const pageOffset = (q: PageQuery): number => (q.page - 1) * q.size;

/** A page of rows with the total they were taken from. */
export interface Paged<T> {
  rows: T[];
  total: number;
  page: number;
  size: PageSize;
}

const n = (x: number) => x.toLocaleString("en-US");

/**
 * "Showing 26–50 of 1,050 keys", or "1,050 keys" when everything is on this page. `from` is the
 * 1-based position of the page's first row; `more` marks a total that stopped at a cap ("10,000+").
 */
export function rangeSummary(
  p: { from: number; shown: number; total: number; more?: boolean },
  noun: { one: string; many: string },
): string {
  const total = `${n(p.total)}${p.more ? "+" : ""}`;
  if (p.total === 0) return `No ${noun.many}`;
  if (p.from === 1 && p.shown >= p.total && !p.more) return `${total} ${p.total === 1 ? noun.one : noun.many}`;
  if (p.shown === 0) return `Nothing on this page of ${total} ${noun.many}`;
  return `Showing ${n(p.from)}–${n(p.from + p.shown - 1)} of ${total} ${noun.many}`;
}
