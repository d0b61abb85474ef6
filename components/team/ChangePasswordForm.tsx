"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { MIN_PASSWORD_LENGTH } from "@/lib/teams/limits";
import { api } from "../api-client";
import { useMutation } from "../use-mutation";
import Link from "next/link";
import { Alert } from "../ui/Alert";
import { ErrorSummary, SubmitError } from "../ui/ErrorSummary";
import { Field, describedBy } from "../ui/Field";
import { buttonClass, inputClass } from "../ui/styles";

/** `cancelHref`: where Cancel leads; none while a one-time password must be replaced first. */
export function ChangePasswordForm({ cancelHref }: { cancelHref?: string }) {
  const router = useRouter();
  const [changed, setChanged] = useState(false);
  const change = useMutation(
    async (body: { currentPassword: string; newPassword: string }) => {
      await api("POST /api/account/password", { body });
      setChanged(true);
      router.push("/");
      router.refresh();
    },
    { fallback: "The password was not changed.", staysBusy: true },
  );
  const { busy, fieldErrors: errors } = change;
  const fieldsWrong = Object.keys(errors).length > 0;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const currentPassword = String(form.get("currentPassword"));
    const newPassword = String(form.get("newPassword"));
    if (newPassword !== String(form.get("confirmPassword"))) {
      change.fail(null, { confirmPassword: "The two new passwords differ." });
      return;
    }
    void change.run({ currentPassword, newPassword });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <ErrorSummary errors={errors} />
      {changed ? <Alert tone="success">Your password is changed.</Alert> : null}
      <Field id="currentPassword" label="Current password" required error={errors.currentPassword}>
        <input
          id="currentPassword"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          aria-invalid={Boolean(errors.currentPassword)}
          aria-describedby={describedBy("currentPassword", errors.currentPassword)}
          className={inputClass}
        />
      </Field>
      <Field
        id="newPassword"
        label="New password"
        required
        error={errors.newPassword}
        help={`At least ${MIN_PASSWORD_LENGTH} characters.`}
      >
        <input
          id="newPassword"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          minLength={MIN_PASSWORD_LENGTH}
          aria-invalid={Boolean(errors.newPassword)}
          aria-describedby={describedBy("newPassword", errors.newPassword, true)}
          className={inputClass}
        />
      </Field>
      <Field id="confirmPassword" label="Repeat the new password" required error={errors.confirmPassword}>
        <input
          id="confirmPassword"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          aria-invalid={Boolean(errors.confirmPassword)}
          aria-describedby={describedBy("confirmPassword", errors.confirmPassword)}
          className={inputClass}
        />
      </Field>
      {change.error ? <SubmitError focus={!fieldsWrong}>{change.error}</SubmitError> : null}
      <div className="flex gap-3">
        <button type="submit" disabled={busy} className={`${buttonClass.primary} flex-1`}>
          {busy ? "Saving…" : "Change password"}
        </button>
        {cancelHref ? (
          <Link href={cancelHref} className={buttonClass.secondary}>
            Cancel
          </Link>
        ) : null}
      </div>
    </form>
  );
}
