import type { ReactNode } from "react";

const MAIN_ID = "main";

/**
 * The page's main landmark. It takes focus (tabIndex -1) so that the skip link moves keyboard and
 * screen-reader users past the header, not only the scroll position.
 */
export function Main({ className, children }: { className: string; children: ReactNode }) {
  return (
    <main id={MAIN_ID} tabIndex={-1} className={`outline-none ${className}`}>
      {children}
    </main>
  );
}

/** The first Tab stop of every page: hidden until focused, then shown above everything. */
export function SkipLink() {
  return (
    <a
      href={`#${MAIN_ID}`}
      className="sr-only rounded-md bg-white px-4 py-2 text-sm font-semibold text-sky-800 shadow-lg ring-2 ring-sky-600 focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 dark:bg-slate-900 dark:text-sky-300"
    >
      Skip to main content
    </a>
  );
}
