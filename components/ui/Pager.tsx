import Link from "next/link";
import { rangeSummary } from "@/lib/pagination/page-query";
import { buttonClass } from "./styles";

/**
 * The foot of a list: what is shown out of how many, the page-size choice and Previous / Next.
 * Plain links, so a page and its size survive reload and sharing and work without JavaScript.
 */
export function Pager({
  summary,
  label = "Pages",
  sizes,
  size,
  sizeHref,
  prevHref,
  nextHref,
}: {
  summary: string;
  /** Names the navigation landmark when a page has several lists. */
  label?: string;
  sizes: readonly number[];
  size: number;
  sizeHref: (size: number) => string;
  prevHref: string | null;
  nextHref: string | null;
}) {
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center justify-between gap-x-4 gap-y-2 text-sm">
      <p className="text-slate-700 dark:text-slate-300" aria-live="polite">
        {summary}
      </p>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <p className="flex items-center gap-1 text-slate-700 dark:text-slate-300">
          <span>Per page:</span>
          {sizes.map((s) =>
            s === size ? (
              <span
                key={s}
                aria-current="true"
                className="rounded bg-slate-200 px-2 py-1 font-semibold text-slate-900 dark:bg-slate-700 dark:text-slate-100"
              >
                {s}
              </span>
            ) : (
              <Link
                key={s}
                href={sizeHref(s)}
                className="rounded px-2 py-1 font-medium text-sky-700 hover:bg-slate-100 hover:underline dark:text-sky-300 dark:hover:bg-slate-800"
                aria-label={`${s} per page`}
              >
                {s}
              </Link>
            ),
          )}
        </p>
        {prevHref || nextHref ? (
          <span className="flex gap-2">
            {prevHref ? (
              <Link href={prevHref} className={buttonClass.secondary} rel="prev">
                Previous page
              </Link>
            ) : null}
            {nextHref ? (
              <Link href={nextHref} className={buttonClass.secondary} rel="next">
                Next page
              </Link>
            ) : null}
          </span>
        ) : null}
      </div>
    </nav>
  );
}

/** The Pager of a numbered (offset) list: `href` makes the link to a page at a size. */
export function OffsetPager({
  total,
  shown,
  page,
  size,
  sizes,
  noun,
  href,
  label,
}: {
  total: number;
  shown: number;
  page: number;
  size: number;
  sizes: readonly number[];
  noun: { one: string; many: string };
  href: (page: number, size: number) => string;
  label?: string;
}) {
  const last = Math.max(1, Math.ceil(total / size));
  return (
    <Pager
      label={label}
      summary={rangeSummary({ from: (page - 1) * size + 1, shown, total }, noun)}
      sizes={sizes}
      size={size}
      sizeHref={(s) => href(1, s)}
      prevHref={page > 1 ? href(Math.min(page - 1, last), size) : null}
      nextHref={page < last ? href(page + 1, size) : null}
    />
  );
}
