"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import {
  UNUSED_POLICY_BOUNDS,
  UNUSED_POLICY_MAX_DAYS,
  UNUSED_POLICY_MIN_DAYS,
} from "@/lib/policies/unused-policy-limits";
import { api } from "./api-client";
import { useMutation } from "./use-mutation";
import { Alert } from "./ui/Alert";
import { Field, describedBy } from "./ui/Field";
import { buttonClass, inputClass } from "./ui/styles";

/**
 * The team's "revoke keys unused for N days". Empty turns it off; anything else is sent as typed
 * so the BFF's message names what was wrong.
 */
export function UnusedKeyPolicyForm({
  initialDays,
  vendors,
  editable,
}: {
  initialDays: number | null;
  /** The vendors whose keys it applies to: those that report last use. */
  vendors: string;
  editable: boolean;
}) {
  const router = useRouter();
  const [text, setText] = useState(initialDays === null ? "" : String(initialDays));
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation(
    async () => {
      setSaved(null);
      const res = await api("PUT /api/team/unused-policy", { body: { revokeUnusedAfterDays: text.trim() } });
      const days = res.policy.revokeUnusedAfterDays;
      setText(days === null ? "" : String(days));
      setSaved(
        days === null
          ? "Policy off: no key is revoked for being unused."
          : `Saved: keys unused for ${days} days are revoked.`,
      );
      router.refresh();
    },
    { fallback: "The policy was not saved." },
  );
  const error = save.fieldErrors.revokeUnusedAfterDays;
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void save.run();
  }
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-3" aria-label="Unused keys policy">
      {save.error && !error ? <Alert tone="error">{save.error}</Alert> : null}
      {saved ? <Alert tone="success">{saved}</Alert> : null}
      <Field
        id="revoke-unused-days"
        label="Revoke keys unused for (days)"
        error={error}
        help={`Team-wide, for ${vendors} keys (the vendors that report last use). The owner is reminded 7 days before the revoke. ${UNUSED_POLICY_BOUNDS}`}
      >
        <input
          id="revoke-unused-days"
          type="number"
          inputMode="numeric"
          min={UNUSED_POLICY_MIN_DAYS}
          max={UNUSED_POLICY_MAX_DAYS}
          placeholder="Off"
          value={text}
          disabled={!editable}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={Boolean(error)}
          aria-describedby={describedBy("revoke-unused-days", error, true)}
          className={`${inputClass} max-w-40`}
        />
      </Field>
      {editable ? (
        <button type="submit" disabled={save.busy} className={buttonClass.primary}>
          {save.busy ? "Saving…" : "Save unused-key policy"}
        </button>
      ) : null}
    </form>
  );
}
