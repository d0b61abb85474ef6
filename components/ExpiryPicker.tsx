"use client";

import type { ExpiryRule } from "@/lib/vendors/types";
import { Field } from "./ui/Field";
import { inputClass } from "./ui/styles";

const PRESETS = [7, 30, 60, 90];

/** `days` calendar days later in the user's own time zone, at the same wall-clock time. */
function addDays(date: Date, days: number): Date {
  const later = new Date(date);
  later.setDate(later.getDate() + days);
  return later;
}

/** The local calendar day as `<input type="date">` wants it: yyyy-mm-dd. */
function dayInput(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}

export type ExpiryChoice = { kind: "days"; days: number } | { kind: "date"; date: string } | { kind: "never" };

/** The chosen expiry as an instant, or null for "never"; undefined when nothing valid is chosen. */
export function expiryInstant(choice: ExpiryChoice, now = new Date()): Date | null | undefined {
  if (choice.kind === "never") return null;
  if (choice.kind === "days") return addDays(now, choice.days);
  if (!choice.date) return undefined;
  // A custom date means the end of that day in the user's own time zone.
  return new Date(`${choice.date}T23:59:00`);
}

export function defaultExpiry(rule: ExpiryRule): ExpiryChoice {
  return rule.kind === "picker" ? { kind: "days", days: rule.defaultDays } : { kind: "never" };
}

export function ExpiryPicker({
  rule,
  value,
  onChange,
  error,
}: {
  rule: ExpiryRule;
  value: ExpiryChoice;
  onChange: (c: ExpiryChoice) => void;
  error?: string;
}) {
  if (rule.kind !== "picker") {
    return (
      <div className="space-y-1">
        <p className="text-sm font-medium">Expiry</p>
        <p className="rounded-md bg-slate-100 p-3 text-sm text-slate-700 dark:bg-slate-800 dark:text-slate-300">
          {rule.statement}
        </p>
      </div>
    );
  }
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const at = expiryInstant(value);
  const today = dayInput(new Date());
  const last = dayInput(addDays(new Date(), rule.maxDays));
  const presets = PRESETS.filter((d) => d <= rule.maxDays);
  return (
    <fieldset className="space-y-2" aria-describedby={error ? "expiry-error" : "expiry-result"}>
      <legend className="text-sm font-medium">Expiry</legend>
      <div className="flex flex-wrap gap-2">
        {presets.map((d) => (
          <label
            key={d}
            className="flex items-center gap-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm has-[:checked]:border-sky-600 has-[:checked]:bg-sky-50 dark:border-slate-600 dark:has-[:checked]:bg-sky-950"
          >
            <input
              type="radio"
              name="expiry"
              checked={value.kind === "days" && value.days === d}
              onChange={() => onChange({ kind: "days", days: d })}
            />
            {d} days
          </label>
        ))}
        <label className="flex items-center gap-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm has-[:checked]:border-sky-600 dark:border-slate-600">
          <input
            type="radio"
            name="expiry"
            checked={value.kind === "date"}
            onChange={() => onChange({ kind: "date", date: "" })}
          />
          Custom date
        </label>
        {rule.allowNever ? (
          <label className="flex items-center gap-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm has-[:checked]:border-sky-600 dark:border-slate-600">
            <input
              type="radio"
              name="expiry"
              checked={value.kind === "never"}
              onChange={() => onChange({ kind: "never" })}
            />
            Never
          </label>
        ) : null}
      </div>
      {value.kind === "date" ? (
        <Field id="expiry-date" label="Expires at the end of">
          <input
            id="expiry-date"
            type="date"
            min={today}
            max={last}
            value={value.date}
            onChange={(e) => onChange({ kind: "date", date: e.target.value })}
            className={`${inputClass} max-w-xs`}
          />
        </Field>
      ) : null}
      <p id="expiry-result" className="text-sm text-slate-600 dark:text-slate-400">
        {at
          ? `Expires ${at.toLocaleString(undefined, { dateStyle: "full", timeStyle: "short" })} (${zone}).`
          : at === null
            ? "Never expires."
            : "Pick a date."}{" "}
        At most {rule.maxDays} days.
      </p>
      {rule.note ? <p className="text-sm text-slate-600 dark:text-slate-400">{rule.note}</p> : null}
      {error ? (
        <p id="expiry-error" role="alert" className="text-sm text-rose-700 dark:text-rose-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
