"use client";

import { lazy, Suspense, useState } from "react";
import { useRouter } from "next/navigation";
import type { TeamRole } from "@/lib/auth/permissions";
import type { MemberView } from "@/lib/teams/queries";
import type { RemovalResult } from "@/lib/offboarding/choices";
import { plural } from "@/lib/words";
import { api, ApiError } from "../api-client";
import { Alert } from "../ui/Alert";
import { buttonClass } from "../ui/styles";
import { ROLE_LABELS, RoleSelect, roleWithArticle } from "./RoleSelect";
import { UnlockMemberDialog } from "./UnlockMemberDialog";
import { ChangeRoleDialog, type RoleChange } from "./ChangeRoleDialog";

/** What a removal did with the member's keys, when the admin has something left to do. */
function removalNotice(email: string, r: RemovalResult): { tone: "success" | "warning"; text: string } {
  const left = [
    ...r.failed.map((k) => `${k.name} (${k.message})`),
    ...r.retireByHand.map((k) => `${k.name} (retire it by hand on the vendor)`),
  ];
  if (left.length)
    return {
      tone: "warning",
      text: `${email} was removed. ${plural(r.revoked, "key")} revoked; still live and ownerless: ${left.join("; ")}.`,
    };
  if (r.keys === "revoke")
    return { tone: "success", text: `${email} was removed and their ${plural(r.revoked, "key")} revoked.` };
  if (r.keys === "handover")
    return { tone: "success", text: `${email} was removed; ${plural(r.handedOver, "key")} handed over.` };
  if (r.keys === "keep")
    return { tone: "warning", text: `${email} was removed; ${plural(r.kept, "key")} kept and flagged ownerless.` };
  return { tone: "success", text: `${email} was removed.` };
}

// Removal's dialog (the member's keys, what becomes of each: 3 kB) loads when an admin clicks Remove.
const RemoveMemberDialog = lazy(() => import("./RemoveMemberDialog").then((m) => ({ default: m.RemoveMemberDialog })));

/** The team's members; admins change roles, lift sign-in delays and remove members here (all ask for sudo). */
export function MemberList({ members, canManage, myId }: { members: MemberView[]; canManage: boolean; myId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [removing, setRemoving] = useState<MemberView | null>(null);
  const [unlocking, setUnlocking] = useState<MemberView | null>(null);
  // A role picked in a select is only proposed: nothing changes until the dialog is confirmed.
  const [changing, setChanging] = useState<RoleChange | null>(null);
  const [notice, setNotice] = useState<{ tone: "success" | "warning"; text: string } | null>(null);

  async function changeRole({ member, role }: RoleChange) {
    setBusy(member.userId);
    setError(null);
    try {
      await api("PATCH /api/team/members/:userId", { params: { userId: member.userId }, body: { role } });
      setNotice({ tone: "success", text: `${member.email} is now ${roleWithArticle(role)}.` });
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "That did not work.");
    } finally {
      setBusy(null);
      setChanging(null);
    }
  }

  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
      {removing ? (
        <Suspense fallback={null}>
          <RemoveMemberDialog
            // A fresh dialog per member: nothing chosen for one carries over to the next.
            key={removing.userId}
            member={removing}
            others={members.filter((m) => m.userId !== removing.userId)}
            onClose={() => setRemoving(null)}
            onRemoved={(member, result) => {
              setRemoving(null);
              setNotice(removalNotice(member.email, result));
              router.refresh();
            }}
          />
        </Suspense>
      ) : null}
      <UnlockMemberDialog
        member={unlocking}
        onClose={() => setUnlocking(null)}
        onUnlocked={(member) => {
          setUnlocking(null);
          setNotice({ tone: "success", text: `${member.email} can sign in again without waiting.` });
        }}
      />
      <ChangeRoleDialog
        change={changing}
        busy={changing !== null && busy === changing.member.userId}
        onCancel={() => setChanging(null)}
        onConfirm={changeRole}
      />
      <table className="table-cards w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-500 dark:text-slate-400">
          <tr>
            <th className="py-2 pr-4">Name</th>
            <th className="py-2 pr-4">E-mail</th>
            <th className="py-2 pr-4">Role</th>
            {canManage ? (
              <th className="py-2">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {members.map((m) => (
            <tr key={m.userId} data-testid={`member-${m.email}`}>
              <td data-label="Name" className="py-2 pr-4 font-medium">
                {m.name}
                {m.userId === myId ? <span className="ml-2 text-xs text-slate-500">(you)</span> : null}
                {m.mustChangePassword ? (
                  <span className="ml-2 text-xs text-amber-700 dark:text-amber-400">
                    one-time password not yet changed
                  </span>
                ) : null}
              </td>
              <td data-label="E-mail" className="py-2 pr-4 break-all">
                {m.email}
              </td>
              <td data-label="Role" className="py-2 pr-4">
                {canManage ? (
                  <RoleSelect
                    id={`role-${m.userId}`}
                    label={`Role of ${m.email}`}
                    value={changing?.member.userId === m.userId ? changing.role : m.role}
                    disabled={busy === m.userId}
                    onChange={(role: TeamRole) =>
                      role === m.role ? setChanging(null) : setChanging({ member: m, role })
                    }
                  />
                ) : (
                  ROLE_LABELS[m.role]
                )}
              </td>
              {canManage ? (
                <td className="space-x-2 py-2 text-right whitespace-nowrap">
                  <button
                    type="button"
                    className={buttonClass.secondary}
                    disabled={busy === m.userId}
                    aria-label={`Unlock sign-in of ${m.email}`}
                    onClick={() => setUnlocking(m)}
                  >
                    Unlock sign-in
                  </button>
                  <button
                    type="button"
                    className={buttonClass.secondary}
                    disabled={busy === m.userId}
                    aria-label={`Remove ${m.email}`}
                    onClick={() => setRemoving(m)}
                  >
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
