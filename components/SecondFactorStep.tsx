"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { api, ApiError } from "./api-client";
import { signInWithCredentials } from "./auth-client";
import { Field, describedBy } from "./ui/Field";
import { ErrorSummary, SubmitError } from "./ui/ErrorSummary";
import { buttonClass, inputClass, linkClass } from "./ui/styles";

type Methods = { passkey: boolean; totp: boolean };

/** What next-auth reports for a refused step: authorize's message, or its generic code. */
const messageOf = (error: string | null | undefined) =>
  error && error !== "CredentialsSignin" ? error : "That did not work. Try again.";

/**
 * The sign-in's second step, after a right password: the passkey (the browser's own prompt),
 * the authenticator app's code, or a recovery code. The server knows who from the pending
 * cookie; this form only sends the answer.
 */
export function SecondFactorStep({ onDone, onRestart }: { onDone: () => void; onRestart: () => void }) {
  const [methods, setMethods] = useState<Methods | null>(null);
  const [recovery, setRecovery] = useState(false);
  // A refusal, shown beside the control that caused it: the passkey button or the code's submit.
  const [error, setError] = useState<{ from: "passkey" | "code"; message: string } | null>(null);
  const [codeError, setCodeError] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    api("POST /api/auth/second-factor", {})
      .then((m) => {
        setMethods({ passkey: m.passkey !== null, totp: m.totp });
        if (!m.passkey && !m.totp) setRecovery(true);
      })
      .catch((err: unknown) =>
        setError({ from: "code", message: err instanceof ApiError ? err.message : "Could not continue the sign-in." }),
      );
    heading.current?.focus();
  }, []);

  async function finish(answer: Record<string, string>, from: "passkey" | "code") {
    const result = await signInWithCredentials({ step: "second-factor", ...answer });
    if (!result.ok) {
      setError({ from, message: messageOf(result.error) });
      setBusy(false);
      return;
    }
    onDone();
  }

  async function usePasskey() {
    setBusy(true);
    setError(null);
    let response;
    try {
      // A fresh challenge each time: a challenge is good for one answer.
      const { passkey } = await api("POST /api/auth/second-factor", {});
      if (!passkey) throw new Error("no passkey");
      // The WebAuthn helper loads when a passkey is used, not with every page.
      const { startAuthentication } = await import("@simplewebauthn/browser");
      response = await startAuthentication({ optionsJSON: passkey });
    } catch (err) {
      setError({
        from: "passkey",
        message:
          err instanceof ApiError
            ? err.message
            : "The passkey prompt was closed or did not answer. Try again, or use a code.",
      });
      setBusy(false);
      return;
    }
    await finish({ factor: "passkey", response: JSON.stringify(response) }, "passkey");
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "").trim();
    setError(null);
    if (!code) {
      setCodeError({
        "second-factor-code": recovery ? "Enter one of your recovery codes." : "Enter the 6-digit code from your app.",
      });
      return;
    }
    setCodeError({});
    setBusy(true);
    await finish({ factor: recovery ? "recovery" : "totp", code }, "code");
  }

  const codeLabel = recovery ? "Recovery code" : "Code from your authenticator app";
  return (
    <div className="space-y-4">
      <h2 ref={heading} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
        Confirm it is you
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Your password was right. Your account has a second factor: use it to finish signing in.
      </p>
      <ErrorSummary errors={codeError} />
      {methods?.passkey ? (
        <button type="button" onClick={usePasskey} disabled={busy} className={`${buttonClass.primary} w-full`}>
          {busy ? "Waiting for your passkey…" : "Use your passkey"}
        </button>
      ) : null}
      {error && (error.from === "passkey" || !methods || !(methods.totp || recovery)) ? (
        <SubmitError>{error.message}</SubmitError>
      ) : null}
      {methods && (methods.totp || recovery) ? (
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          {methods.passkey ? (
            <p className="text-center text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">or</p>
          ) : null}
          <Field id="second-factor-code" label={codeLabel} error={codeError["second-factor-code"]}>
            <input
              key={codeLabel}
              id="second-factor-code"
              name="code"
              inputMode={recovery ? "text" : "numeric"}
              autoComplete={recovery ? "off" : "one-time-code"}
              autoFocus={!methods.passkey}
              className={`${inputClass} font-mono`}
              aria-invalid={Boolean(codeError["second-factor-code"])}
              aria-describedby={describedBy("second-factor-code", codeError["second-factor-code"])}
            />
          </Field>
          {error?.from === "code" ? <SubmitError>{error.message}</SubmitError> : null}
          <button
            type="submit"
            disabled={busy}
            className={`${methods.passkey ? buttonClass.secondary : buttonClass.primary} w-full`}
          >
            {busy ? "Checking…" : "Verify and sign in"}
          </button>
        </form>
      ) : null}
      <div className="flex flex-wrap justify-between gap-2 text-sm">
        {methods ? (
          <button
            type="button"
            className={linkClass}
            onClick={() => (setRecovery(!recovery), setError(null), setCodeError({}))}
          >
            {recovery ? (methods.totp ? "Use your authenticator app" : "Use your passkey") : "Use a recovery code"}
          </button>
        ) : null}
        {/* The way back: to the e-mail and password, e.g. to sign in as someone else. */}
        <button type="button" className={linkClass} onClick={onRestart}>
          Back to sign-in
        </button>
      </div>
    </div>
  );
}
