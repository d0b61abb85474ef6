"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { apiFetch, ApiError } from "../api-client";
import { Alert } from "../ui/Alert";
import { Field, describedBy } from "../ui/Field";
import { buttonClass, inputClass } from "../ui/styles";

/** Starts a team (the creator becomes its admin) and switches to it. */
export function CreateTeamForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const res = await apiFetch<{ team: { id: string } }>("/api/teams", { method: "POST", body: { name } });
      await apiFetch(`/api/teams/${res.team.id}/switch`, { method: "POST" });
      router.push("/team");
      router.refresh();
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, "unknown", "The team was not created.");
      setErrors(e.fields);
      setError(e.message);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-3">
      {error ? (
        <div className="w-full">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}
      <div className="min-w-64 flex-1">
        <Field id="team-name" label="Team name" required error={errors.name}>
          <input
            id="team-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={80}
            aria-invalid={Boolean(errors.name)}
            aria-describedby={describedBy("team-name", errors.name)}
            className={inputClass}
          />
        </Field>
      </div>
      <button type="submit" disabled={busy} className={buttonClass.primary}>
        {busy ? "Creating…" : "Create team"}
      </button>
    </form>
  );
}
