"use client";

import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { ScopeRule, VendorRole } from "@/lib/vendors/types";
import { api, ApiError } from "./api-client";
import { inputClass } from "./ui/styles";
import { scopeWords, withArticle } from "@/lib/words";

type Roles = { kind: "loading" } | { kind: "ready"; roles: VendorRole[] } | { kind: "failed"; message: string };

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
  const [attempt, setAttempt] = useState(0);
  // The answer belongs to one load (connection and attempt); a newer load shows "loading" until its own arrives.
  const load = `${connectionId}#${attempt}`;
  const [answer, setAnswer] = useState<{ load: string; roles: Roles } | null>(null);
  const roles: Roles = answer?.load === load ? answer.roles : { kind: "loading" };
  // The load reads the latest props without starting again when they change.
  const latest = useRef({ value, onChange, allowed });
  useLayoutEffect(() => {
    latest.current = { value, onChange, allowed };
  });

  useEffect(() => {
    let live = true;
    const setRoles = (next: Roles) => setAnswer({ load, roles: next });
    api("GET /api/connections/:id/roles", { params: { id: connectionId } })
      .then((r) => {
        if (!live) return;
        const only = latest.current.allowed;
        const listed = only ? r.roles.filter((role) => only.includes(role.id)) : r.roles;
        setRoles({ kind: "ready", roles: listed });
        // Where the scope is optional (PAN-OS: a per-key admin bound to a role profile), least privilege is the default.
        if (!rule.required && listed[0] && latest.current.value.length === 0) latest.current.onChange([listed[0].id]);
      })
      .catch(
        (e: unknown) =>
          live && setRoles({ kind: "failed", message: e instanceof ApiError ? e.message : "Could not load the list." }),
      );
    return () => {
      live = false;
    };
  }, [connectionId, load, rule.required]);

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
          <button type="button" className="underline" onClick={() => setAttempt(attempt + 1)}>
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
