"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import type { TeamRole } from "@/lib/auth/permissions";
import { api } from "../api-client";
import { useMutation } from "../use-mutation";
import { ErrorSummary, SubmitError } from "../ui/ErrorSummary";
import { Field, describedBy } from "../ui/Field";
import { buttonClass, inputClass } from "../ui/styles";
import { RoleSelect } from "./RoleSelect";
import { ShownOnce } from "./ShownOnce";

/**
 * Adds a person by e-mail: the answer is a sign-up link locked to that address, shown once. The
 * same answer whatever the address, so the form tells nobody whether it already has an account.
 */
export function CreateAccountForm() {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<TeamRole>("member");
  const [created, setCreated] = useState<{ email: string; link: string } | null>(null);
  const create = useMutation(
    async () => {
      const { invite } = await api("POST /api/team/members", { body: { email, role } });
      setCreated({ email: invite.email ?? email, link: `${window.location.origin}${invite.path}` });
      setEmail("");
      router.refresh();
    },
    { fallback: "The sign-up link was not created." },
  );
  const { busy, error, fieldErrors: errors } = create;

  /** Cancel: the form back as it opened, nothing sent. */
  function reset() {
    setEmail("");
    setRole("member");
    create.fail(null);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void create.run();
  }

  return (
    <div className="space-y-4">
      {created ? (
        <ShownOnce
          title={`Sign-up link for ${created.email}`}
          label="Sign-up link"
          value={created.link}
          testId="account-link"
        >
          Give this link to {created.email}. Someone new chooses their own password through it; if they already have a
          Keyward account, they sign in with it and accept. Only that address can use it.
        </ShownOnce>
      ) : null}
      <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-3">
        <div className="sm:col-span-3 empty:hidden">
          <ErrorSummary errors={errors} fieldId={(key) => `account-${key}`} />
        </div>
        <Field id="account-email" label="E-mail" required error={errors.email}>
          <input
            id="account-email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={Boolean(errors.email)}
            aria-describedby={describedBy("account-email", errors.email)}
            className={inputClass}
          />
        </Field>
        <Field id="account-role" label="Role" required>
          <RoleSelect id="account-role" value={role} onChange={setRole} />
        </Field>
        <div className="space-y-3 sm:col-span-3">
          {error ? <SubmitError focus={!Object.keys(errors).length}>{error}</SubmitError> : null}
          <div className="flex flex-wrap gap-3">
            <button type="submit" disabled={busy} className={buttonClass.primary}>
              {busy ? "Creating…" : "Create sign-up link"}
            </button>
            <button type="button" onClick={reset} disabled={busy} className={buttonClass.secondary}>
              Cancel
            </button>
          </div>
        </div>
      </form>
    </div>
  );
}
