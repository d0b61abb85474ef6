"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { MIN_PASSWORD_LENGTH } from "@/lib/teams/limits";
import { apiFetch, ApiError } from "../api-client";
import { Alert } from "../ui/Alert";
import { Field, describedBy } from "../ui/Field";
import { buttonClass, inputClass } from "../ui/styles";

export function ChangePasswordForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const currentPassword = String(form.get("currentPassword"));
    const newPassword = String(form.get("newPassword"));
    if (newPassword !== String(form.get("confirmPassword"))) {
      setErrors({ confirmPassword: "The two new passwords differ." });
      return;
    }
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      await apiFetch("/api/account/password", { method: "POST", body: { currentPassword, newPassword } });
      setMessage({ tone: "success", text: "Your password is changed." });
      router.push("/");
      router.refresh();
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, "unknown", "The password was not changed.");
      setErrors(e.fields);
      setMessage({ tone: "error", text: e.message });
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
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
      <button type="submit" disabled={busy} className={`${buttonClass.primary} w-full`}>
        {busy ? "Saving…" : "Change password"}
      </button>
    </form>
  );
}
