"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import type { TeamRole } from "@/lib/auth/permissions";
import type { PendingInviteView } from "@/lib/teams/queries";
import { INVITE_MAX_DAYS, INVITE_MIN_DAYS } from "@/lib/teams/limits";
import { api, ApiError } from "../api-client";
import { useMutation } from "../use-mutation";
import { Alert } from "../ui/Alert";
import { ErrorSummary, SubmitError } from "../ui/ErrorSummary";
import { Field, describedBy } from "../ui/Field";
import { buttonClass, inputClass } from "../ui/styles";
import { formatWhen } from "../ui/format";
import { ConfirmDialog } from "../ConfirmDialog";
import { ROLE_LABELS, RoleSelect, roleWithArticle } from "./RoleSelect";
import { ShownOnce } from "./ShownOnce";

/** Create an invite link (shown once) and revoke pending ones. */
export function InvitePanel({ pending }: { pending: PendingInviteView[] }) {
  const router = useRouter();
  const [role, setRole] = useState<TeamRole>("member");
  const [days, setDays] = useState("7");
  const [email, setEmail] = useState("");
  const [link, setLink] = useState<string | null>(null);
  const invite = useMutation(
    async () => {
      const res = await api("POST /api/team/invites", { body: { role, days: Number(days), email } });
      setLink(`${window.location.origin}${res.invite.path}`);
      router.refresh();
    },
    { fallback: "The invite was not created." },
  );
  const { busy, fieldErrors: errors } = invite;
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<PendingInviteView | null>(null);
  const [revokeBusy, setRevokeBusy] = useState(false);

  /** Cancel: the form back as it opened, nothing sent. */
  function reset() {
    setRole("member");
    setDays("7");
    setEmail("");
    invite.fail(null);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setRevokeError(null);
    void invite.run();
  }

  async function revoke(id: string) {
    setRevokeError(null);
    invite.fail(null);
    setRevokeBusy(true);
    try {
      await api("DELETE /api/team/invites/:id", { params: { id } });
      router.refresh();
    } catch (err) {
      setRevokeError(err instanceof ApiError ? err.message : "The invite was not revoked.");
    } finally {
      setRevokeBusy(false);
      setRevoking(null);
    }
  }

  return (
    <div className="space-y-4">
      {link ? (
        <ShownOnce title="Invite link created" label="Invite link" value={link} testId="invite-link">
          Send this link to the person you invite.
        </ShownOnce>
      ) : null}
      {revokeError ? <Alert tone="error">{revokeError}</Alert> : null}
      <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-3">
        <div className="sm:col-span-3 empty:hidden">
          <ErrorSummary errors={errors} fieldId={(key) => `invite-${key}`} />
        </div>
        <Field id="invite-role" label="Role" required>
          <RoleSelect id="invite-role" value={role} onChange={setRole} />
        </Field>
        <Field
          id="invite-days"
          label="Valid for (days)"
          required
          error={errors.days}
          help={`${INVITE_MIN_DAYS} to ${INVITE_MAX_DAYS} days.`}
        >
          <input
            id="invite-days"
            type="number"
            min={INVITE_MIN_DAYS}
            max={INVITE_MAX_DAYS}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            aria-invalid={Boolean(errors.days)}
            aria-describedby={describedBy("invite-days", errors.days, true)}
            className={inputClass}
          />
        </Field>
        <Field id="invite-email" label="Only for this e-mail (optional)" error={errors.email}>
          <input
            id="invite-email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={Boolean(errors.email)}
            aria-describedby={describedBy("invite-email", errors.email)}
            className={inputClass}
          />
        </Field>
        <div className="space-y-3 sm:col-span-3">
          {invite.error ? <SubmitError focus={!Object.keys(errors).length}>{invite.error}</SubmitError> : null}
          <div className="flex flex-wrap gap-3">
            <button type="submit" disabled={busy} className={buttonClass.primary}>
              {busy ? "Creating…" : "Create invite link"}
            </button>
            <button type="button" onClick={reset} disabled={busy} className={buttonClass.secondary}>
              Cancel
            </button>
          </div>
        </div>
      </form>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this invite?"
        confirmLabel="Revoke invite"
        danger
        busy={revokeBusy}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke(revoking.id)}
      >
        {revoking ? (
          <p>
            The link that invites {revoking.email ?? "anyone who has it"} as {roleWithArticle(revoking.role)} stops
            working at once. You can create a new invite afterwards.
          </p>
        ) : null}
      </ConfirmDialog>
      {pending.length > 0 ? (
        <div>
          <h3 className="mb-2 text-sm font-semibold">Pending invites</h3>
          <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800">
            {pending.map((i) => (
              <li
                key={i.id}
                className="flex flex-wrap items-center justify-between gap-2 py-2"
                data-testid="pending-invite"
              >
                <span>
                  {ROLE_LABELS[i.role]} · {i.email ?? "anyone with the link"} · expires {formatWhen(i.expiresAt)}
                </span>
                <button
                  type="button"
                  className={buttonClass.secondary}
                  aria-label={`Revoke the invite for ${i.email ?? "anyone with the link"}`}
                  onClick={() => setRevoking(i)}
                >
                  Revoke
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">No pending invites.</p>
      )}
    </div>
  );
}
