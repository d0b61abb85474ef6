"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { api } from "../api-client";
import { useMutation } from "../use-mutation";
import { ErrorSummary, SubmitError } from "../ui/ErrorSummary";
import { Field, describedBy } from "../ui/Field";
import { buttonClass, inputClass } from "../ui/styles";

/** Starts a team (the creator becomes its admin) and switches to it. */
export function CreateTeamForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const create = useMutation(
    async () => {
      const { team } = await api("POST /api/teams", { body: { name } });
      await api("POST /api/teams/:id/switch", { params: { id: team.id } });
      router.push("/team");
      router.refresh();
    },
    { fallback: "The team was not created.", staysBusy: true },
  );
  const { busy, error, fieldErrors: errors } = create;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void create.run();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-3">
      <div className="w-full empty:hidden">
        <ErrorSummary errors={errors} fieldId={(key) => `team-${key}`} />
      </div>
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
      <button
        type="button"
        disabled={busy}
        onClick={() => (setName(""), create.fail(null))}
        className={buttonClass.secondary}
      >
        Cancel
      </button>
      {error ? (
        <div className="w-full">
          <SubmitError focus={!Object.keys(errors).length}>{error}</SubmitError>
        </div>
      ) : null}
    </form>
  );
}
