"use client";

import { useEffect, useState } from "react";
import type { IssueWatch } from "./use-watched-issue";
import { buttonClass, cardClass } from "./ui/styles";

function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * What a running issue is doing: the vendor's steps as they arrive, the time so far, and a
 * Cancel that drops the answer (the console then takes back whatever the vendor made).
 */
export function IssueProgress({ watch, onCancel }: { watch: IssueWatch; onCancel: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, []);
  const current = watch.steps.at(-1);
  return (
    <section className={`${cardClass} max-w-2xl space-y-4`} aria-labelledby="issue-progress-title" aria-busy="true">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="issue-progress-title" className="text-lg font-semibold">
          Issuing the key…
        </h2>
        <p className="text-sm tabular-nums text-slate-600 dark:text-slate-400">
          Elapsed <span data-testid="issue-elapsed">{formatElapsed(now - watch.startedAt)}</span>
        </p>
      </div>
      <ol className="space-y-2 text-sm" aria-live="polite" aria-label="Steps so far">
        {watch.steps.length === 0 ? <li className="text-slate-600 dark:text-slate-400">Starting…</li> : null}
        {watch.steps.map((s, i) => {
          const done = i < watch.steps.length - 1;
          return (
            <li key={`${s.step}-${i}`} className="flex items-start gap-2">
              <span
                aria-hidden="true"
                className={done ? "text-emerald-700 dark:text-emerald-400" : "text-sky-700 dark:text-sky-400"}
              >
                {done ? "✓" : "…"}
              </span>
              <span>
                {s.message}
                <span className="ml-2 text-xs tabular-nums text-slate-500 dark:text-slate-400">
                  {formatElapsed(s.elapsedMs)}
                </span>
              </span>
            </li>
          );
        })}
      </ol>
      {current?.percent !== undefined ? (
        <div
          role="progressbar"
          aria-label={current.message}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={current.percent}
          className="h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
        >
          <div
            className="h-full bg-sky-600 transition-[width] dark:bg-sky-500"
            style={{ width: `${current.percent}%` }}
          />
        </div>
      ) : null}
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Keep this page open: the secret is shown here once. If you cancel or leave, whatever the vendor made is taken
        back.
      </p>
      <button type="button" className={buttonClass.secondary} onClick={onCancel}>
        Cancel
      </button>
    </section>
  );
}
