"use client";

import type { TeamRole } from "@/lib/auth/permissions";
import type { MemberView } from "@/lib/teams/queries";
import { ConfirmDialog } from "../ConfirmDialog";
import { ROLE_LABELS, roleWithArticle } from "./RoleSelect";

/** A role picked for a member, waiting for the admin's confirmation. */
export interface RoleChange {
  member: MemberView;
  role: TeamRole;
}

/** What the member can do once they hold the role: the admin confirms a change of power, not a word. */
const ROLE_POWERS: Record<TeamRole, string> = {
  admin: "Admins manage connections, policies and members, issue and revoke any key, and decide requests.",
  member: "Members request keys under the connections' policies and see only their own keys.",
  auditor: "Auditors read every key, request and the audit log, and change nothing.",
};

/** Changing a member's role: applied only when the admin confirms. */
export function ChangeRoleDialog({
  change,
  busy,
  onCancel,
  onConfirm,
}: {
  change: RoleChange | null;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (change: RoleChange) => void;
}) {
  return (
    <ConfirmDialog
      open={change !== null}
      title={change ? `Make ${change.member.email} ${roleWithArticle(change.role)}?` : ""}
      confirmLabel={change ? `Make ${ROLE_LABELS[change.role].toLowerCase()}` : "Change role"}
      danger={change?.role === "admin"}
      busy={busy}
      onCancel={onCancel}
      onConfirm={() => change && onConfirm(change)}
    >
      {change ? (
        <>
          <p>
            {change.member.name} is {roleWithArticle(change.member.role)} now. {ROLE_POWERS[change.role]}
          </p>
          <p>The change is recorded in the audit log.</p>
        </>
      ) : null}
    </ConfirmDialog>
  );
}
