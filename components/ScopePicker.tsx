"use client";

import { useLayoutEffect, useRef } from "react";
import type { ScopeRule, VendorRole } from "@/lib/vendors/types";
import { useVendorRoles } from "./use-vendor-roles";
import { inputClass } from "./ui/styles";
import { scopeWords, withArticle } from "@/lib/words";

/** Loads the roles or environments the connection offers and lets the user pick per the vendor's rule. */
export function ScopePicker({
  connectionId,
  rule,
  value,
  onChange,
  error,
  allowed,
  emptyAllowed = true,
}: {
  connectionId: string;
  rule: ScopeRule;
  value: string[];
  onChange: (v: string[]) => void;
  error?: string;
  /** The roles a grant names; absent means all the vendor lists. */
  allowed?: string[];
  /** Whether choosing none (on PAN-OS: the connection's own account) is granted. */
  emptyAllowed?: boolean;
}) {
  // The load reads the latest props without starting again when they change.
  const latest = useRef({ value, onChange, allowed });
  useLayoutEffect(() => {
    latest.current = { value, onChange, allowed };
  });
  const only = (list: VendorRole[], ids?: string[]) => (ids ? list.filter((role) => ids.includes(role.id)) : list);
  const { roles: all, retry } = useVendorRoles(connectionId, {
    onLoaded: (list) => {
      const listed = only(list, latest.current.allowed);
      // Where the scope is optional (PAN-OS: a per-key admin bound to a role profile), least privilege is the default.
      if (!rule.required && listed[0] && latest.current.value.length === 0) latest.current.onChange([listed[0].id]);
    },
  });
  const roles = all.kind === "ready" ? { kind: "ready" as const, roles: only(all.roles, allowed) } : all;

  if (rule.kind === "none") return null;
  const label = rule.label;
  return (
    <fieldset className="space-y-2" aria-describedby={error ? "scope-error" : undefined}>
      <legend className="text-sm font-medium">
        {label}
        {rule.required ? (
          <span className="text-rose-700 dark:text-rose-400"> *</span>
        ) : (
          <span className="font-normal text-slate-500"> (optional)</span>
        )}
      </legend>
      {roles.kind === "loading" ? (
        <p className="text-sm text-slate-500" role="status">
          Loading {scopeWords(rule).many} from the vendor…
        </p>
      ) : null}
      {roles.kind === "failed" ? (
        <p
          className={`text-sm ${rule.required ? "text-rose-700 dark:text-rose-400" : "text-slate-700 dark:text-slate-300"}`}
          role={rule.required ? "alert" : "status"}
        >
          {rule.required
            ? roles.message
            : `The vendor did not list any: ${roles.message} The key will be issued without one.`}{" "}
          <button type="button" className="underline" onClick={retry}>
            Try again
          </button>
        </p>
      ) : null}
      {roles.kind === "ready" && rule.kind === "roles" ? (
        <div className="grid gap-1 sm:grid-cols-2">
          {roles.roles.map((r) => (
            <label key={r.id} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className="mt-1"
                checked={value.includes(r.id)}
                onChange={(e) => onChange(e.target.checked ? [...value, r.id] : value.filter((v) => v !== r.id))}
              />
              <span>
                {r.name}
                {r.description ? <span className="block text-xs text-slate-500">{r.description}</span> : null}
              </span>
            </label>
          ))}
        </div>
      ) : null}
      {roles.kind === "ready" && rule.kind !== "roles" ? (
        <select
          id="scope"
          aria-label={label}
          value={value[0] ?? ""}
          onChange={(e) => onChange(e.target.value ? [e.target.value] : [])}
          aria-invalid={Boolean(error)}
          className={inputClass}
        >
          <option value="">
            {rule.required || !emptyAllowed
              ? `Choose ${withArticle(scopeWords(rule).one)}…`
              : (rule.emptyChoice ?? "None")}
          </option>
          {roles.roles.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
              {r.description ? ` — ${r.description}` : ""}
            </option>
          ))}
        </select>
      ) : null}
      {error ? (
        <p id="scope-error" role="alert" className="text-sm text-rose-700 dark:text-rose-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
