"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { MIN_PASSWORD_LENGTH } from "@/lib/teams/limits";
import { apiFetch, ApiError } from "../api-client";
import { Alert } from "../ui/Alert";
import { Field, describedBy } from "../ui/Field";
import { buttonClass, inputClass } from "../ui/styles";

interface Props {
  token: string;
  teamName: string;
  lockedEmail: string | null;
  /** The signed-in user's e-mail, or null for a visitor. */
  signedInAs: string | null;
}

/** Accepts an invite: with the signed-in account, or by creating a local account first. */
export function AcceptInvite({ token, teamName, lockedEmail, signedInAs }: Props) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function switchAndGo(teamId: string) {
    await apiFetch(`/api/teams/${teamId}/switch`, { method: "POST" });
    router.push("/");
    router.refresh();
  }

  async function acceptSignedIn() {
    setBusy(true);
    setError(null);
    try {
      const res = await apiFetch<{ team: { teamId: string } }>(`/api/invites/${token}/accept`, { method: "POST" });
      await switchAndGo(res.team.teamId);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "The invite was not accepted.");
      setBusy(false);
    }
  }

  async function createAccount(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password"));
    const email = lockedEmail ?? String(form.get("email"));
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      await apiFetch(`/api/invites/${token}/account`, {
        method: "POST",
        body: { name: String(form.get("name")), email, password },
      });
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result || result.error)
        throw new ApiError(0, "sign_in", "Your account is ready, but signing in failed: sign in from the login page.");
      router.push("/");
      router.refresh();
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, "unknown", "The account was not created.");
      setErrors(e.fields);
      setError(e.message);
      setBusy(false);
    }
  }

  if (signedInAs) {
    return (
      <div className="space-y-4">
        {error ? <Alert tone="error">{error}</Alert> : null}
        <p className="text-sm">
          You are signed in as <strong>{signedInAs}</strong>.
        </p>
        <button type="button" onClick={acceptSignedIn} disabled={busy} className={`${buttonClass.primary} w-full`}>
          {busy ? "Joining…" : `Join ${teamName}`}
        </button>
      </div>
    );
  }

  return (
    <form onSubmit={createAccount} noValidate className="space-y-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Create your Keyward account to join. Already have one?{" "}
        <a className="underline" href={`/login?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}>
          Sign in first
        </a>
        .
      </p>
      <Field id="name" label="Your name" required error={errors.name}>
        <input
          id="name"
          name="name"
          autoComplete="name"
          aria-invalid={Boolean(errors.name)}
          aria-describedby={describedBy("name", errors.name)}
          className={inputClass}
        />
      </Field>
      <Field id="email" label="E-mail" required error={errors.email}>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          defaultValue={lockedEmail ?? ""}
          readOnly={Boolean(lockedEmail)}
          aria-invalid={Boolean(errors.email)}
          aria-describedby={describedBy("email", errors.email)}
          className={inputClass}
        />
      </Field>
      <Field
        id="password"
        label="Password"
        required
        error={errors.password}
        help={`At least ${MIN_PASSWORD_LENGTH} characters.`}
      >
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={MIN_PASSWORD_LENGTH}
          aria-invalid={Boolean(errors.password)}
          aria-describedby={describedBy("password", errors.password, true)}
          className={inputClass}
        />
      </Field>
      <button type="submit" disabled={busy} className={`${buttonClass.primary} w-full`}>
        {busy ? "Creating…" : "Create account and join"}
      </button>
    </form>
  );
}
