"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Field } from "./ui/Field";
import { Alert } from "./ui/Alert";
import { buttonClass, inputClass } from "./ui/styles";
import { SecondFactorStep } from "./SecondFactorStep";
import { signInWithCredentials } from "./auth-client";

/** authorize's answer to a right password on an account with a second factor (lib/auth/second-step.ts). */
const SECOND_FACTOR_REQUIRED = "second-factor-required";

/** `callbackUrl` is already checked to be one of the console's own paths (lib/auth/callback-url.ts). */
export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [secondStep, setSecondStep] = useState(false);

  function done() {
    router.replace(callbackUrl);
    router.refresh();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await signInWithCredentials({
      email: String(form.get("email")),
      password: String(form.get("password")),
    });
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
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field id="email" label="Email">
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus className={inputClass} />
      </Field>
      <Field id="password" label="Password">
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={inputClass}
        />
      </Field>
      <button type="submit" disabled={busy} className={`${buttonClass.primary} w-full`}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
