"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";

const errorBox =
  "rounded-md border border-rose-300 bg-rose-50 p-4 text-sm text-rose-900 outline-none focus-visible:ring-2 focus-visible:ring-rose-600 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100";

/** The first of a field's candidate ids present in the page (a picker shows a select or checkboxes). */
function present(ids: string | string[]): string {
  const list = typeof ids === "string" ? [ids] : ids;
  if (typeof document === "undefined") return list[0]!;
  return list.find((id) => document.getElementById(id)) ?? list[0]!;
}

/** The control to put the focus in: the element itself, or the first control of its group. */
function controlOf(el: HTMLElement): HTMLElement | null {
  if (el.matches("input, select, textarea, button")) return el;
  const group = el.closest("fieldset") ?? el;
  return group.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea");
}

/** Where a field's control sits in the page, for ordering the summary as the form reads. */
function position(id: string): number {
  if (typeof document === "undefined") return 0;
  const el = document.getElementById(id);
  if (!el) return Number.MAX_SAFE_INTEGER;
  return Array.prototype.indexOf.call(document.querySelectorAll("[id]"), el) as number;
}

/**
 * "There is a problem": after a refused submit the focus moves here, and each line links to the
 * field it concerns — a person who pressed the button at the bottom of a tall form learns what
 * is wrong and where, without hunting for red text above the fold.
 *
 * `errors` are keyed as the form keys its fields; `fieldId` says which element each key names (the
 * first present of several, e.g. a picker's select, else its error line inside the fieldset).
 * The focus moves whenever a new errors object arrives, so every failed attempt announces itself.
 */
export function ErrorSummary({
  errors,
  fieldId = (key) => key,
}: {
  errors: Record<string, string>;
  fieldId?: (key: string) => string | string[];
}) {
  const box = useRef<HTMLDivElement>(null);
  // Several forms on one page (account security) may each show a summary.
  const titleId = useId();
  const entries = Object.entries(errors);
  const shown = entries.length > 0;
  useEffect(() => {
    if (shown) box.current?.focus();
  }, [errors, shown]);
  if (!shown) return null;
  const lines = entries.map(([key, message]) => ({ id: present(fieldId(key)), message }));
  lines.sort((a, b) => position(a.id) - position(b.id));

  return (
    <div ref={box} tabIndex={-1} aria-labelledby={titleId} data-testid="error-summary" className={errorBox}>
      <h2 id={titleId} className="font-semibold">
        There is a problem
      </h2>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {lines.map((l) => (
          <li key={l.id}>
            <a
              href={`#${l.id}`}
              className="underline underline-offset-2"
              onClick={(e) => {
                // A fragment link scrolls but leaves the focus behind: put it in the field (focus scrolls to it).
                const found = document.getElementById(l.id);
                const target = found && controlOf(found);
                if (!target) return;
                e.preventDefault();
                target.focus();
              }}
            >
              {l.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A refusal that concerns no single field (the vendor said no, the network failed), shown beside
 * the submit button where the person is looking, and focused when it appears.
 */
export function SubmitError({
  title,
  focus = true,
  children,
}: {
  title?: string;
  /** False when an ErrorSummary above takes the focus for the same refusal. */
  focus?: boolean;
  children: ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) box.current?.focus();
    // Only on appearing: a form unmounts it when the person tries again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <div ref={box} role="alert" tabIndex={-1} data-testid="submit-error" className={errorBox}>
      {title ? <p className="font-semibold">{title}</p> : null}
      <div className={title ? "mt-1" : ""}>{children}</div>
    </div>
  );
}
