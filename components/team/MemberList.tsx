"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import type { TeamRole } from "@/lib/auth/permissions";
import type { MemberView } from "@/lib/teams/queries";
import { apiFetch, ApiError } from "../api-client";
import { Alert } from "../ui/Alert";
import { buttonClass } from "../ui/styles";
import { ROLE_LABELS, RoleSelect } from "./RoleSelect";

/** The team's members; admins change roles and remove members here (both ask for sudo). */
export function MemberList({ members, canManage, myId }: { members: MemberView[]; canManage: boolean; myId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function act(userId: string, init: { method: string; body?: unknown }) {
    setBusy(userId);
    setError(null);
    try {
      await apiFetch(`/api/team/members/${userId}`, init);
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "That did not work.");
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-500 dark:text-slate-400">
          <tr>
            <th className="py-2 pr-4">Name</th>
            <th className="py-2 pr-4">E-mail</th>
            <th className="py-2 pr-4">Role</th>
            {canManage ? <th className="py-2"><span className="sr-only">Actions</span></th> : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {members.map((m) => (
            <tr key={m.userId} data-testid={`member-${m.email}`}>
              <td className="py-2 pr-4 font-medium">
                {m.name}
                {m.userId === myId ? <span className="ml-2 text-xs text-slate-500">(you)</span> : null}
                {m.mustChangePassword ? <span className="ml-2 text-xs text-amber-700 dark:text-amber-400">one-time password not yet changed</span> : null}
              </td>
              <td className="py-2 pr-4">{m.email}</td>
              <td className="py-2 pr-4">
                {canManage ? (
                  <RoleSelect id={`role-${m.userId}`} label={`Role of ${m.email}`} value={m.role} disabled={busy === m.userId} onChange={(role: TeamRole) => act(m.userId, { method: "PATCH", body: { role } })} />
                ) : (
                  ROLE_LABELS[m.role]
                )}
              </td>
              {canManage ? (
                <td className="py-2 text-right">
                  <button type="button" className={buttonClass.secondary} disabled={busy === m.userId} aria-label={`Remove ${m.email}`} onClick={() => act(m.userId, { method: "DELETE" })}>
                    Remove
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
