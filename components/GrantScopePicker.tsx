"use client";

import type { VendorRole } from "@/lib/vendors/types";
import type { VendorRoles } from "./use-vendor-roles";
import { inputClass } from "./ui/styles";

const csv = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * The roles (or environments) one grant names, picked from the vendor's own list as the issue
 * form offers it. A name the vendor no longer lists stays, marked, so saving never drops it
 * silently; when the list cannot be loaded, ids are typed, comma-separated, as before.
 */
export function GrantScopePicker({
  label,
  roles,
  value,
  onChange,
  disabled,
  onRetry,
}: {
  /** The group's accessible name, e.g. "Grant 2 roles". */
  label: string;
  roles: VendorRoles;
  value: string[];
  onChange: (ids: string[]) => void;
  disabled: boolean;
  onRetry: () => void;
}) {
  if (roles.kind === "loading")
    return (
      <p role="status" className="text-xs text-slate-600 dark:text-slate-400">
        Loading the vendor&apos;s list…
      </p>
    );
  if (roles.kind === "failed")
    return (
      <div className="space-y-1">
        <input
          aria-label={label}
          disabled={disabled}
          defaultValue={value.join(", ")}
          onBlur={(e) => onChange(csv(e.target.value))}
          className={inputClass}
        />
        <p className="text-xs text-slate-600 dark:text-slate-400">
          The vendor&apos;s list could not be loaded ({roles.message}); type ids, comma-separated.{" "}
          <button type="button" className="underline" onClick={onRetry}>
            Try again
          </button>
        </p>
      </div>
    );

  const gone: VendorRole[] = value
    .filter((id) => !roles.roles.some((r) => r.id === id))
    .map((id) => ({ id, name: id, description: "not listed by the vendor now" }));
  const choices = [...roles.roles, ...gone];
  if (choices.length === 0) return <p className="text-xs text-slate-600 dark:text-slate-400">The vendor lists none.</p>;
  return (
    <div role="group" aria-label={label} className="max-h-40 min-w-48 space-y-1 overflow-y-auto">
      {choices.map((r) => (
        <label key={r.id} className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-1"
            disabled={disabled}
            checked={value.includes(r.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, r.id] : value.filter((v) => v !== r.id))}
          />
          <span>
            {r.name}
            {r.name !== r.id ? <span className="text-xs text-slate-500 dark:text-slate-400"> ({r.id})</span> : null}
            {r.description ? (
              <span className="block text-xs text-slate-500 dark:text-slate-400">{r.description}</span>
            ) : null}
          </span>
        </label>
      ))}
    </div>
  );
}
