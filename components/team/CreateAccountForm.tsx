"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import type { TeamRole } from "@/lib/auth/permissions";
import { api } from "../api-client";
import { useMutation } from "../use-mutation";
import { Alert } from "../ui/Alert";
import { Field, describedBy } from "../ui/Field";
import { buttonClass, inputClass } from "../ui/styles";
import { RoleSelect } from "./RoleSelect";
import { ShownOnce } from "./ShownOnce";

/** Creates a local account with a one-time password, shown once; the user must change it at first sign-in. */
export function CreateAccountForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<TeamRole>("member");
  const [created, setCreated] = useState<{ email: string; initialPassword: string } | null>(null);
  const create = useMutation(
    async () => {
      const { account } = await api("POST /api/team/members", { body: { name, email, role } });
      setCreated(account);
      setName("");
      setEmail("");
      router.refresh();
    },
    { fallback: "The account was not created." },
  );
  const { busy, error, fieldErrors: errors } = create;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void create.run();
  }

  return (
    <div className="space-y-4">
      {created ? (
        <ShownOnce
          title={`Account created for ${created.email}`}
          label="One-time password"
          value={created.initialPassword}
          testId="initial-password"
        >
          Give this one-time password to them; they must choose their own at first sign-in.
        </ShownOnce>
      ) : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-3">
        <Field id="account-name" label="Name" required error={errors.name}>
          <input
            id="account-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={Boolean(errors.name)}
            aria-describedby={describedBy("account-name", errors.name)}
            className={inputClass}
          />
        </Field>
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
        <div className="sm:col-span-3">
          <button type="submit" disabled={busy} className={buttonClass.primary}>
            {busy ? "Creating…" : "Create account"}
          </button>
        </div>
      </form>
    </div>
  );
}
