"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import type { VendorCapabilities } from "@/lib/vendors/types";
import type { Grant } from "@/lib/policies/evaluate";
import { type GrantInput } from "@/lib/policies/grant-input";
import { grantableNoun, grantErrors, grantNamesSomething, vendorAllowsNever } from "@/lib/policies/grant-checks";
import { TEAM_ROLES, type TeamRole } from "@/lib/auth/permissions";
import { api, ApiError } from "./api-client";
import { Alert } from "./ui/Alert";
import { GrantScopePicker } from "./GrantScopePicker";
import { useVendorRoles } from "./use-vendor-roles";
import { scopeWords } from "@/lib/words";
import { buttonClass, inputClass } from "./ui/styles";

const roleList = (roles: TeamRole[]) =>
  [...new Set(roles)].map((r) => `${r[0]!.toUpperCase()}${r.slice(1)}s`).join(" and ");
const days = (s: string) => (s.trim() === "" ? null : Number(s));

/**
 * A connection's policy: one row per grant. Bounds are checked against the vendor's own with the
 * same function the BFF uses; read-only for roles without policy.manage.
 */
export function PolicyEditor({
  connectionId,
  caps,
  grants,
  editable,
}: {
  connectionId: string;
  caps: VendorCapabilities;
  grants: Grant[];
  editable: boolean;
}) {
  const router = useRouter();
  const [rows, setRows] = useState<GrantInput[]>(grants.map(({ id: _id, ...g }) => g));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // The same live list the issue form offers, so a grant names what the vendor has.
  const vendorRoles = useVendorRoles(connectionId, { enabled: caps.scope.kind !== "none" });
  const many = scopeWords(caps.scope).many;
  const scopeHeading = `${many[0]!.toUpperCase()}${many.slice(1)}`;
  const picker = caps.expiry.kind === "picker";
  const own = caps.scope.ownAccount;
  const never = vendorAllowsNever(caps);
  const empty = rows.filter((g) => g.teamRole !== "auditor" && !grantNamesSomething(caps, g));
  const set = (i: number, change: Partial<GrantInput>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));

  async function save() {
    const local = grantErrors(caps, rows);
    setErrors(local);
    setMessage(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const saved = await api("PUT /api/connections/:id/grants", {
        params: { id: connectionId },
        body: { grants: rows },
      });
      // What the BFF stored, in place: the editor stays mounted, so its confirmation stays on screen.
      setRows(saved.grants.map(({ id: _id, ...g }) => g));
      setMessage({ tone: "success", text: "Policy saved." });
      router.refresh();
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, "unknown", "Saving failed.");
      setErrors(e.fields);
      setMessage({ tone: "error", text: e.message });
    } finally {
      setBusy(false);
    }
  }

  const cell = "px-2 py-2 align-top";
  return (
    <div className="space-y-3">
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {/* Focusable, so a keyboard can scroll the grants sideways where the screen is narrow. */}
      <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label="Grants">
        <table className="min-w-full text-sm">
          <thead className="text-left">
            <tr>
              <th scope="col" className={cell}>
                Team role
              </th>
              {caps.scope.kind !== "none" ? (
                <th scope="col" className={cell}>
                  {scopeHeading}
                </th>
              ) : null}
              {own ? (
                <th scope="col" className={cell}>
                  Own account
                </th>
              ) : null}
              {caps.securityLevels.length ? (
                <th scope="col" className={cell}>
                  Security levels (empty = any)
                </th>
              ) : null}
              {picker ? (
                <th scope="col" className={cell}>
                  Default days
                </th>
              ) : null}
              <th scope="col" className={cell}>
                Max days{picker ? " (empty = vendor’s)" : ""}
              </th>
              {never ? (
                <th scope="col" className={cell}>
                  Never expires
                </th>
              ) : null}
              <th scope="col" className={cell}>
                Approval
              </th>
              {editable ? (
                <th scope="col" className={cell}>
                  <span className="sr-only">Remove</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((g, i) => {
              const err = (f: string) => errors[`grants.${i}.${f}`];
              const label = (f: string) => `Grant ${i + 1} ${f}`;
              return (
                <tr key={i} className="border-t border-slate-200 dark:border-slate-800">
                  <td className={cell}>
                    <select
                      aria-label={label("team role")}
                      disabled={!editable}
                      value={g.teamRole}
                      onChange={(e) => set(i, { teamRole: e.target.value as TeamRole })}
                      className={`${inputClass} min-w-28`}
                    >
                      {TEAM_ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  </td>
                  {caps.scope.kind !== "none" ? (
                    <td className={cell}>
                      <GrantScopePicker
                        label={label("roles")}
                        roles={vendorRoles.roles}
                        value={g.scopes}
                        onChange={(scopes) => set(i, { scopes })}
                        disabled={!editable}
                        onRetry={vendorRoles.retry}
                      />
                      <label className="mt-1 flex items-center gap-1 text-xs">
                        <input
                          type="checkbox"
                          aria-label={label("any role")}
                          disabled={!editable}
                          checked={g.anyScope}
                          onChange={(e) => set(i, { anyScope: e.target.checked })}
                        />
                        any the vendor lists, administrator roles included
                      </label>
                      {err("scopes") ? (
                        <p role="alert" className="text-xs text-rose-700 dark:text-rose-400">
                          {err("scopes")}
                        </p>
                      ) : null}
                    </td>
                  ) : null}
                  {own ? (
                    <td className={cell}>
                      <label className="inline-flex items-center gap-1">
                        <input
                          type="checkbox"
                          aria-label={label("own account")}
                          disabled={!editable}
                          checked={g.ownAccount}
                          onChange={(e) => set(i, { ownAccount: e.target.checked })}
                        />
                        allowed
                      </label>
                      {err("ownAccount") ? (
                        <p role="alert" className="text-xs text-rose-700 dark:text-rose-400">
                          {err("ownAccount")}
                        </p>
                      ) : null}
                    </td>
                  ) : null}
                  {caps.securityLevels.length ? (
                    <td className={cell}>
                      {caps.securityLevels.map((l) => (
                        <label key={l.value} className="mr-3 inline-flex items-center gap-1">
                          <input
                            type="checkbox"
                            disabled={!editable}
                            checked={g.securityLevels.includes(l.value)}
                            onChange={(e) =>
                              set(i, {
                                securityLevels: e.target.checked
                                  ? [...g.securityLevels, l.value]
                                  : g.securityLevels.filter((v) => v !== l.value),
                              })
                            }
                          />
                          {l.label}
                        </label>
                      ))}
                      {err("securityLevels") ? (
                        <p role="alert" className="text-xs text-rose-700 dark:text-rose-400">
                          {err("securityLevels")}
                        </p>
                      ) : null}
                    </td>
                  ) : null}
                  {picker ? (
                    <td className={cell}>
                      <input
                        aria-label={label("default days")}
                        disabled={!editable}
                        inputMode="numeric"
                        value={g.defaultDays ?? ""}
                        onChange={(e) => set(i, { defaultDays: days(e.target.value) })}
                        className={`${inputClass} w-24`}
                      />
                      {err("defaultDays") ? (
                        <p role="alert" className="text-xs text-rose-700 dark:text-rose-400">
                          {err("defaultDays")}
                        </p>
                      ) : null}
                    </td>
                  ) : null}
                  {
                    <td className={cell}>
                      <input
                        aria-label={label("max days")}
                        disabled={!editable}
                        inputMode="numeric"
                        value={g.maxDays ?? ""}
                        onChange={(e) => set(i, { maxDays: days(e.target.value) })}
                        className={`${inputClass} w-24`}
                      />
                      {err("maxDays") ? (
                        <p role="alert" className="text-xs text-rose-700 dark:text-rose-400">
                          {err("maxDays")}
                        </p>
                      ) : null}
                    </td>
                  }
                  {never ? (
                    <td className={cell}>
                      <label className="inline-flex items-center gap-1">
                        <input
                          type="checkbox"
                          aria-label={label("never expires")}
                          disabled={!editable}
                          checked={g.allowNever}
                          onChange={(e) => set(i, { allowNever: e.target.checked })}
                        />
                        allowed
                      </label>
                      {err("allowNever") ? (
                        <p role="alert" className="text-xs text-rose-700 dark:text-rose-400">
                          {err("allowNever")}
                        </p>
                      ) : null}
                    </td>
                  ) : null}
                  <td className={cell}>
                    <label className="inline-flex items-center gap-1">
                      <input
                        type="checkbox"
                        aria-label={label("requires approval")}
                        disabled={!editable}
                        checked={g.requiresApproval}
                        onChange={(e) => set(i, { requiresApproval: e.target.checked })}
                      />
                      required
                    </label>
                    {!picker && err("defaultDays") ? (
                      <p role="alert" className="text-xs text-rose-700 dark:text-rose-400">
                        {err("defaultDays")}
                      </p>
                    ) : null}
                  </td>
                  {editable ? (
                    <td className={cell}>
                      <button
                        type="button"
                        className="text-sm underline"
                        onClick={() => setRows(rows.filter((_, j) => j !== i))}
                      >
                        Remove
                      </button>
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {empty.length > 0 ? (
        <Alert tone="warning" title="A grant names nothing yet">
          {roleList(empty.map((g) => g.teamRole))} cannot request or issue anything on this connection until{" "}
          {editable ? "you name" : "an admin names"} the {grantableNoun(caps)} their grant allows, here.
        </Alert>
      ) : null}
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          No grants: nobody can request or issue keys on this connection.
        </p>
      ) : null}
      {editable ? (
        <div className="flex gap-2">
          <button
            type="button"
            className={buttonClass.secondary}
            onClick={() =>
              setRows([
                ...rows,
                {
                  teamRole: "member",
                  scopes: [],
                  anyScope: false,
                  ownAccount: false,
                  securityLevels: [],
                  defaultDays: null,
                  maxDays: null,
                  allowNever: false,
                  requiresApproval: true,
                },
              ])
            }
          >
            Add a grant
          </button>
          <button type="button" className={buttonClass.primary} disabled={busy} onClick={save}>
            {busy ? "Saving…" : "Save policy"}
          </button>
        </div>
      ) : null}
    </div>
  );
}
