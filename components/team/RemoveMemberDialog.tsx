"use client";

import { useEffect, useState } from "react";
import type { MemberView } from "@/lib/teams/queries";
import {
  DISPOSITION_LABELS,
  KEY_DISPOSITIONS,
  type KeyDisposition,
  type OwnedKeyView,
  type RemovalResult,
} from "@/lib/offboarding/choices";
import { api, ApiError } from "../api-client";
import { ConfirmDialog } from "../ConfirmDialog";
import { Alert } from "../ui/Alert";
import { inputClass } from "../ui/styles";

interface Props {
  member: MemberView | null;
  others: MemberView[];
  onClose: () => void;
  onRemoved: (member: MemberView, result: RemovalResult) => void;
}

/**
 * Removing a member, in one confirmation: their live keys are listed, and the admin says what
 * becomes of them (revoke, hand over, keep as ownerless) before anyone is removed.
 */
export function RemoveMemberDialog({ member, others, onClose, onRemoved }: Props) {
  const [owned, setOwned] = useState<OwnedKeyView[] | null>(null);
  const [choice, setChoice] = useState<KeyDisposition>("revoke");
  const [to, setTo] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!member) return;
    let current = true;
    api("GET /api/team/members/:userId/keys", { params: { userId: member.userId } })
      .then((res) => current && setOwned(res.keys))
      .catch(
        (err: unknown) =>
          current && setError(err instanceof ApiError ? err.message : "Their keys could not be loaded."),
      );
    return () => {
      current = false;
    };
  }, [member]);

  async function remove() {
    if (!member || owned === null) return;
    if (owned.length && choice === "handover" && !to) {
      setFieldError("Choose the member who takes the keys over.");
      return;
    }
    setBusy(true);
    setError(null);
    setFieldError(null);
    const query = new URLSearchParams(owned.length ? { keys: choice, ...(choice === "handover" ? { to } : {}) } : {});
    try {
      const result = await api("DELETE /api/team/members/:userId", { params: { userId: member.userId }, query });
      onRemoved(member, result);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "The member was not removed. Try again.");
      if (err instanceof ApiError && err.fields.to) setFieldError(err.fields.to);
    } finally {
      setBusy(false);
    }
  }

  const count = owned?.length ?? 0;
  return (
    <ConfirmDialog
      open={member !== null}
      title={`Remove ${member?.email ?? ""} from the team?`}
      confirmLabel="Remove member"
      danger
      busy={busy}
      ready={owned !== null}
      onConfirm={remove}
      onCancel={onClose}
    >
      <p>They lose access to this team at once. Their account stays: it may belong to other teams.</p>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {owned === null && !error ? <p role="status">Looking up their keys…</p> : null}
      {owned !== null && count === 0 ? <p>They own no live keys.</p> : null}
      {count > 0 ? (
        <>
          <p>
            They own{" "}
            <strong>
              {count} live key{count === 1 ? "" : "s"}
            </strong>
            :
          </p>
          <ul className="max-h-40 list-disc space-y-1 overflow-y-auto pl-5" aria-label="Their live keys">
            {owned!.map((k) => (
              <li key={k.id}>
                {k.name}{" "}
                <span className="text-slate-500 dark:text-slate-400">
                  · {k.connectionName} · {k.expiresAt ? `expires ${k.expiresAt.slice(0, 10)}` : "no expiry"}
                </span>
              </li>
            ))}
          </ul>
          <fieldset className="space-y-2">
            <legend className="font-medium text-slate-900 dark:text-slate-100">
              What becomes of {count === 1 ? "it" : "them"}?
            </legend>
            {KEY_DISPOSITIONS.map((d) => (
              <label key={d} className="flex items-center gap-2">
                <input
                  type="radio"
                  name="key-disposition"
                  value={d}
                  checked={choice === d}
                  onChange={() => setChoice(d)}
                />
                {DISPOSITION_LABELS[d]}
              </label>
            ))}
          </fieldset>
          {choice === "handover" ? (
            <div className="space-y-1">
              <label htmlFor="handover-to" className="font-medium text-slate-900 dark:text-slate-100">
                New owner
              </label>
              <select
                id="handover-to"
                value={to}
                onChange={(e) => setTo(e.target.value)}
                className={inputClass}
                aria-invalid={fieldError ? true : undefined}
                aria-describedby={fieldError ? "handover-to-error" : undefined}
              >
                <option value="">Choose a member…</option>
                {others.map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name} ({m.email})
                  </option>
                ))}
              </select>
              {fieldError ? (
                <p id="handover-to-error" className="text-rose-700 dark:text-rose-400">
                  {fieldError}
                </p>
              ) : null}
            </div>
          ) : null}
          {choice === "revoke" ? (
            <p>
              Each key is revoked on its vendor now. A key the vendor cannot revoke is kept, marked “retire by hand”.
            </p>
          ) : null}
          {choice === "keep" ? (
            <p>The keys keep working and show as ownerless until an admin revokes them or hands them over.</p>
          ) : null}
        </>
      ) : null}
    </ConfirmDialog>
  );
}
