"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { apiFetch, ApiError, registerSudoPrompt } from "./api-client";
import { Field } from "./ui/Field";
import { buttonClass, inputClass } from "./ui/styles";

/**
 * The inline password confirmation of sudo mode. Mounted once in the console layout; any
 * `apiFetch` that meets "sudo_required" opens it and resumes when the password is confirmed.
 */
export function SudoDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const pending = useRef<((ok: boolean) => void) | null>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    registerSudoPrompt(
      (why) =>
        new Promise<boolean>((resolve) => {
          pending.current = resolve;
          setReason(why);
          setError(null);
          dialog.current?.showModal();
        }),
    );
    return () => registerSudoPrompt(null);
  }, []);

  function finish(ok: boolean) {
    dialog.current?.close();
    pending.current?.(ok);
    pending.current = null;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const password = String(new FormData(form).get("password") ?? "");
    setBusy(true);
    try {
      // Straight to the endpoint: this call must not itself ask for sudo.
      await apiFetch("/api/auth/sudo", { method: "POST", body: { password } });
      form.reset();
      finish(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not confirm your password.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog
      ref={dialog}
      aria-labelledby="sudo-title"
      onCancel={() => finish(false)}
      className="m-auto w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-900/60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <form onSubmit={onSubmit} className="space-y-4">
        <h2 id="sudo-title" className="text-lg font-semibold">Confirm your password</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">{reason}</p>
        <Field id="sudo-password" label="Your password" error={error ?? undefined}>
          <input id="sudo-password" name="password" type="password" autoComplete="current-password" required autoFocus className={inputClass} aria-invalid={Boolean(error)} />
        </Field>
        <div className="flex justify-end gap-2">
          <button type="button" onClick={() => finish(false)} className={buttonClass.secondary}>Cancel</button>
          <button type="submit" disabled={busy} className={buttonClass.primary}>{busy ? "Checking…" : "Confirm and continue"}</button>
        </div>
      </form>
    </dialog>
  );
}
