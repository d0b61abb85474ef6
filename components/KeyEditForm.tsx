"use client";

import { useState, type FormEvent } from "react";
import { ErrorSummary } from "./ui/ErrorSummary";
import { Field, describedBy } from "./ui/Field";
import { buttonClass, inputClass } from "./ui/styles";

interface Props {
  name: string;
  description: string;
  nameMaxLength: number;
  busy: boolean;
  errors: Record<string, string>;
  onSave: (change: { name?: string; description?: string }) => void;
  onCancel: () => void;
}

/** Rename / describe a key; only what changed is sent, so the vendor sees one small update. */
export function KeyEditForm({ name, description, nameMaxLength, busy, errors, onSave, onCancel }: Props) {
  const [draft, setDraft] = useState({ name, description });
  function submit(e: FormEvent) {
    e.preventDefault();
    const change: { name?: string; description?: string } = {};
    if (draft.name.trim() !== name) change.name = draft.name.trim();
    if (draft.description !== description) change.description = draft.description;
    onSave(change);
  }
  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Edit key">
      <ErrorSummary errors={errors} fieldId={(key) => `edit-${key}`} />
      <Field id="edit-name" label="Name" required error={errors.name}>
        <input
          id="edit-name"
          className={inputClass}
          value={draft.name}
          maxLength={nameMaxLength}
          aria-invalid={Boolean(errors.name)}
          aria-describedby={describedBy("edit-name", errors.name)}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        />
      </Field>
      <Field id="edit-description" label="Description" error={errors.description}>
        <textarea
          id="edit-description"
          className={inputClass}
          rows={3}
          value={draft.description}
          aria-invalid={Boolean(errors.description)}
          aria-describedby={describedBy("edit-description", errors.description)}
          onChange={(e) => setDraft({ ...draft, description: e.target.value })}
        />
      </Field>
      <div className="flex gap-2">
        <button type="submit" disabled={busy} className={buttonClass.primary}>
          {busy ? "Saving…" : "Save"}
        </button>
        <button type="button" disabled={busy} onClick={onCancel} className={buttonClass.secondary}>
          Cancel
        </button>
      </div>
    </form>
  );
}
