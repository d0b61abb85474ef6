"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Field, describedBy } from "./ui/Field";
import { ErrorSummary, SubmitError } from "./ui/ErrorSummary";
import { buttonClass, inputClass } from "./ui/styles";
import { SecondFactorStep } from "./SecondFactorStep";
import { signInWithCredentials } from "./auth-client";

/** authorize's answer to a right password on an account with a second factor (lib/auth/second-step.ts). */
const SECOND_FACTOR_REQUIRED = "second-factor-required";

/** `callbackUrl` is already checked to be one of the console's own paths (lib/auth/callback-url.ts). */
export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [secondStep, setSecondStep] = useState(false);

  function done() {
    router.replace(callbackUrl);
    router.refresh();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    setError(null);
    const missing: Record<string, string> = {};
    if (!email) missing.email = "Enter your e-mail address.";
    if (!password) missing.password = "Enter your password.";
    setFieldErrors(missing);
    if (Object.keys(missing).length) return;
    setBusy(true);
    const result = await signInWithCredentials({ email, password });
    setBusy(false);
    if (result.error === SECOND_FACTOR_REQUIRED) {
      setSecondStep(true);
      return;
    }
    if (!result.ok) {
      setError(result.error && result.error !== "CredentialsSignin" ? result.error : "Invalid email or password.");
      return;
    }
    done();
  }

  if (secondStep) return <SecondFactorStep onDone={done} onRestart={() => setSecondStep(false)} />;

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <ErrorSummary errors={fieldErrors} />
      <Field id="email" label="Email" error={fieldErrors.email}>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          aria-invalid={Boolean(fieldErrors.email)}
          aria-describedby={describedBy("email", fieldErrors.email)}
          className={inputClass}
        />
      </Field>
      <Field id="password" label="Password" error={fieldErrors.password}>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={Boolean(fieldErrors.password)}
          aria-describedby={describedBy("password", fieldErrors.password)}
          className={inputClass}
        />
      </Field>
      {/* The server's refusal (wrong password, too many attempts) concerns no one field: beside the button. */}
      {error ? <SubmitError key={error}>{error}</SubmitError> : null}
      <button type="submit" disabled={busy} className={`${buttonClass.primary} w-full`}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
