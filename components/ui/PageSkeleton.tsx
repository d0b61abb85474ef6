/**
 * What a console page shows while its server data loads: the page's own frame (title, a line of
 * description, the optional filter panel, rows of a list) in grey blocks of the same sizes, so
 * nothing jumps when the page arrives. `aria-busy` and a status line tell assistive technology.
 */
const block = "rounded bg-slate-200 motion-safe:animate-pulse dark:bg-slate-800";

export function PageSkeleton({
  label,
  filters = false,
  rows = 6,
}: {
  /** Read out while loading, e.g. "Loading the audit log". */
  label: string;
  /** Leaves room for the filter panel of list pages (keys, audit). */
  filters?: boolean;
  rows?: number;
}) {
  return (
    <div aria-busy="true" aria-live="polite">
      <p role="status" className="sr-only">
        {label}…
      </p>
      <div aria-hidden="true">
        <div className="mb-6">
          {/* h1 is text-2xl (2rem line) and the description text-sm (1.25rem line) with mt-1. */}
          <div className={`${block} h-8 w-48`} />
          <div className={`${block} mt-1 h-5 w-full max-w-xl`} />
        </div>
        {filters ? (
          <div className="mb-6 grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4 dark:border-slate-800 dark:bg-slate-900">
            {Array.from({ length: 4 }, (_, i) => (
              <div key={i}>
                <div className={`${block} h-5 w-24`} />
                <div className={`${block} mt-1 h-9 w-full`} />
              </div>
            ))}
          </div>
        ) : null}
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <div className="border-b border-slate-200 bg-slate-50 px-4 py-3 dark:border-slate-800 dark:bg-slate-800/50">
            <div className={`${block} h-4 w-1/3`} />
          </div>
          {Array.from({ length: rows }, (_, i) => (
            <div
              key={i}
              className="flex items-center gap-4 border-b border-slate-100 px-4 py-3 last:border-0 dark:border-slate-800"
            >
              <div className={`${block} h-4 w-1/4`} />
              <div className={`${block} h-4 w-1/5`} />
              <div className={`${block} hidden h-4 w-1/6 sm:block`} />
              <div className={`${block} ml-auto h-4 w-16`} />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
