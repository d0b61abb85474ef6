import type { ReactNode } from "react";

interface FieldProps {
  id: string;
  label: string;
  error?: string;
  help?: ReactNode;
  required?: boolean;
  children: ReactNode;
}

/** A label, its control, help text and the error that concerns it, wired for screen readers. */
export function Field({ id, label, error, help, required, children }: FieldProps) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        {label}
        {required ? <span className="text-rose-700 dark:text-rose-400"> *</span> : null}
      </label>
      {children}
      {help ? (
        <p id={`${id}-help`} className="text-xs text-slate-600 dark:text-slate-400">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-rose-700 dark:text-rose-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function describedBy(id: string, error?: string, help?: unknown): string | undefined {
  return [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}
