"use client";

import { useState } from "react";
import type { MemberView } from "@/lib/teams/queries";
import { api, ApiError } from "../api-client";
import { ConfirmDialog } from "../ConfirmDialog";
import { Alert } from "../ui/Alert";

interface Props {
  member: MemberView | null;
  onClose: () => void;
  onUnlocked: (member: MemberView) => void;
}

/** Lifting a member's sign-in delays after failed attempts, once confirmed. */
export function UnlockMemberDialog({ member, onClose, onUnlocked }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function unlock() {
    if (!member) return;
    setBusy(true);
    setError(null);
    try {
      await api("POST /api/team/members/:userId/unlock", { params: { userId: member.userId } });
      onUnlocked(member);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "The sign-in was not unlocked. Try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <ConfirmDialog
      open={member !== null}
      title={`Unlock sign-in for ${member?.email ?? ""}?`}
      confirmLabel="Unlock sign-in"
      busy={busy}
      onConfirm={unlock}
      onCancel={() => {
        setError(null);
        onClose();
      }}
    >
      <p>
        After repeated wrong passwords, each further attempt on this account must wait. Unlocking lets them try again at
        once, from anywhere. Do this when you know it is them.
      </p>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </ConfirmDialog>
  );
}
