"use client";

import { useEffect, useEffectEvent, useRef, useState, type FormEvent } from "react";
import { api, ApiError } from "./api-client";
import { SUDO_SSO_MESSAGE, type SudoSsoMessage } from "./SudoSsoPopup";
import { Field } from "./ui/Field";
import { buttonClass, inputClass } from "./ui/styles";

export interface SudoMethods {
  password?: boolean;
  sso?: string | null;
  passkey?: boolean;
  totp?: boolean;
}

/**
 * The inline confirmation of sudo mode: a passkey alone, or the password (with the
 * authenticator app's code when the account has one), or SSO. <SudoDialog> loads and mounts it
 * when a BFF call meets "sudo_required"; it opens at once and answers `onDone` once.
 */
export function SudoDialogBody({
  password = true,
  sso = null,
  passkey = false,
  totp = false,
  reason,
  onDone,
}: SudoMethods & { reason: string; onDone: (ok: boolean) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const done = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  // The SSO popup reports back by postMessage; only our own origin is believed.
  const onMessage = useEffectEvent((event: MessageEvent<SudoSsoMessage>) => {
    if (event.origin !== window.location.origin || event.data?.type !== SUDO_SSO_MESSAGE) return;
    setBusy(false);
    if (event.data.ok) finish(true);
    else setError(event.data.message ?? "The re-authentication did not complete.");
  });
  useEffect(() => {
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, []);

  function reauthenticate() {
    setError(null);
    const popup = window.open("/sudo/sso", "keyward-sudo-sso", "popup,width=520,height=720");
    if (!popup) {
      setError("Your browser blocked the sign-in window. Allow pop-ups for the console and try again.");
      return;
    }
    setBusy(true);
    // A popup closed without an answer (the person gave up) must not leave the dialog waiting.
    const watch = window.setInterval(() => {
      if (popup.closed) {
        window.clearInterval(watch);
        setBusy(false);
      }
    }, 500);
  }

  function finish(ok: boolean) {
    if (done.current) return;
    done.current = true;
    dialog.current?.close();
    onDone(ok);
  }

  async function usePasskey() {
    setBusy(true);
    setError(null);
    try {
      const { options } = await api("POST /api/auth/sudo/passkey-options", {});
      let answer;
      try {
        // The WebAuthn helper loads when a passkey is used, not with every page.
        const { startAuthentication } = await import("@simplewebauthn/browser");
        answer = await startAuthentication({ optionsJSON: options });
      } catch {
        setError("The passkey prompt was closed or did not answer. Try again.");
        return;
      }
      await api("POST /api/auth/sudo", { body: { passkey: answer } });
      finish(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not confirm with your passkey.");
    } finally {
      setBusy(false);
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const password = String(data.get("password") ?? "");
    const code = totp ? String(data.get("code") ?? "") : undefined;
    setBusy(true);
    try {
      // Straight to the endpoint: this call must not itself ask for sudo.
      await api("POST /api/auth/sudo", { body: { password, code } });
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
        <h2 id="sudo-title" className="text-lg font-semibold">
          {password && !passkey ? "Confirm your password" : "Confirm it is you"}
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">{reason}</p>
        {passkey ? (
          <button type="button" onClick={usePasskey} disabled={busy} className={`${buttonClass.primary} w-full`}>
            {busy ? "Waiting for your passkey…" : "Use your passkey"}
          </button>
        ) : null}
        {passkey && password ? (
          <p className="text-center text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">or</p>
        ) : null}
        {password ? (
          <Field id="sudo-password" label="Your password" error={error ?? undefined}>
            <input
              id="sudo-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              autoFocus={!passkey}
              className={inputClass}
              aria-invalid={Boolean(error)}
            />
          </Field>
        ) : null}
        {password && totp ? (
          <Field id="sudo-code" label="Code from your authenticator app">
            <input
              id="sudo-code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              className={`${inputClass} font-mono`}
            />
          </Field>
        ) : null}
        {!password && error ? (
          <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">
            {error}
          </p>
        ) : null}
        {sso ? (
          <div className="space-y-2">
            {password ? (
              <p className="text-center text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">or</p>
            ) : null}
            <button
              type="button"
              onClick={reauthenticate}
              disabled={busy}
              className={`${buttonClass.secondary} w-full`}
            >
              {busy && !password ? "Waiting for the sign-in window…" : `Re-authenticate with ${sso}`}
            </button>
          </div>
        ) : null}
        {!password && !sso && !passkey ? (
          <p className="text-sm">Your account has no password and single sign-on is not configured; ask an admin.</p>
        ) : null}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={() => finish(false)} className={buttonClass.secondary}>
            Cancel
          </button>
          {password ? (
            <button type="submit" disabled={busy} className={passkey ? buttonClass.secondary : buttonClass.primary}>
              {busy ? "Checking…" : "Confirm and continue"}
            </button>
          ) : null}
        </div>
      </form>
    </dialog>
  );
}
