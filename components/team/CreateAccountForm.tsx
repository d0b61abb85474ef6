"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import type { TeamRole } from "@/lib/auth/permissions";
import { apiFetch, ApiError } from "../api-client";
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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ email: string; initialPassword: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const res = await apiFetch<{ account: { email: string; initialPassword: string } }>("/api/team/members", {
        method: "POST",
        body: { name, email, role },
      });
      setCreated(res.account);
      setName("");
      setEmail("");
      router.refresh();
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, "unknown", "The account was not created.");
      setErrors(e.fields);
      setError(e.message);
    } finally {
      setBusy(false);
    }
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
