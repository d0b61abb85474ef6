"use client";

import type { FormEvent } from "react";
import { useRouter } from "next/navigation";
import { MIN_PASSWORD_LENGTH } from "@/lib/teams/limits";
import { api, ApiError } from "../api-client";
import { signInWithCredentials } from "../auth-client";
import { useMutation } from "../use-mutation";
import Link from "next/link";
import { ErrorSummary, SubmitError } from "../ui/ErrorSummary";
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
  const accept = useMutation(
    async () => {
      const { team } = await api("POST /api/invites/:token/accept", { params: { token } });
      await api("POST /api/teams/:id/switch", { params: { id: team.teamId } });
      router.push("/");
      router.refresh();
    },
    { fallback: "The invite was not accepted.", staysBusy: true },
  );
  const create = useMutation(
    async (body: { name: string; email: string; password: string }) => {
      await api("POST /api/invites/:token/account", { params: { token }, body });
      const result = await signInWithCredentials({ email: body.email, password: body.password });
      if (!result.ok)
        // Also what someone who already has an account meets: the answer above never says whether
        // the e-mail was taken, and nothing was created or joined for it (SECURITY.md).
        throw new ApiError(
          0,
          "sign_in",
          "Signing in did not work. If this e-mail already has a Keyward account, nothing was changed: sign in with its password, then open this link again to join.",
        );
      router.push("/");
      router.refresh();
    },
    { fallback: "The account was not created.", staysBusy: true },
  );
  const busy = accept.busy || create.busy;
  const error = accept.error ?? create.error;
  const errors = create.fieldErrors;
  const fieldsWrong = Object.keys(errors).length > 0;

  function acceptSignedIn() {
    void accept.run();
  }

  function createAccount(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = lockedEmail ?? String(form.get("email"));
    void create.run({ name: String(form.get("name")), email, password: String(form.get("password")) });
  }

  if (signedInAs) {
    return (
      <div className="space-y-4">
        <p className="text-sm">
          You are signed in as <strong>{signedInAs}</strong>.
        </p>
        {error ? <SubmitError>{error}</SubmitError> : null}
        <div className="flex gap-3">
          <button type="button" onClick={acceptSignedIn} disabled={busy} className={`${buttonClass.primary} flex-1`}>
            {busy ? "Joining…" : `Join ${teamName}`}
          </button>
          <Link href="/" className={buttonClass.secondary}>
            Not now
          </Link>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={createAccount} noValidate className="space-y-4">
      <ErrorSummary errors={errors} />
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
      {error ? <SubmitError focus={!fieldsWrong}>{error}</SubmitError> : null}
      <div className="flex gap-3">
        <button type="submit" disabled={busy} className={`${buttonClass.primary} flex-1`}>
          {busy ? "Creating…" : "Create account and join"}
        </button>
        <Link href="/login" className={buttonClass.secondary}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
