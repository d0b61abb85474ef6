"use client";

import { useMemo, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { api } from "../api-client";
import { useMutation } from "../use-mutation";
import { ConfirmDialog } from "../ConfirmDialog";
import { Field, describedBy } from "../ui/Field";
import { ErrorSummary, SubmitError } from "../ui/ErrorSummary";
import { formatWhen } from "../ui/format";
import { buttonClass, inputClass } from "../ui/styles";

export interface PasskeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Passkeys: add one (the browser's prompt), rename, remove. */
export function PasskeyList({ passkeys, onCodes }: { passkeys: PasskeyView[]; onCodes: (codes: string[]) => void }) {
  const router = useRouter();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [removing, setRemoving] = useState<PasskeyView | null>(null);

  const add = useMutation(
    async (name: string) => {
      const { options } = await api("POST /api/account/passkeys/options", {});
      let response;
      try {
        // The WebAuthn helper loads when a passkey is added, not with the page.
        const { startRegistration } = await import("@simplewebauthn/browser");
        response = await startRegistration({ optionsJSON: options });
      } catch {
        throw new Error("prompt");
      }
      return api("POST /api/account/passkeys", { body: { name, response } });
    },
    { fallback: "The passkey prompt was closed or did not answer. Try again." },
  );
  const rename = useMutation(
    (id: string, name: string) => api("PATCH /api/account/passkeys/:id", { params: { id }, body: { name } }),
    { fallback: "Could not rename the passkey." },
  );
  const remove = useMutation((id: string) => api("DELETE /api/account/passkeys/:id", { params: { id } }), {
    fallback: "Could not remove the passkey.",
  });

  async function onAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    if (!name) return add.fail(null, { name: "Name the passkey (say, “Work laptop”)." });
    const result = await add.run(name);
    if (!result) return;
    form.reset();
    if (result.recoveryCodes) onCodes(result.recoveryCodes);
    router.refresh();
  }

  async function onRename(event: FormEvent<HTMLFormElement>, id: string) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    if (!name) return rename.fail(null, { name: "Enter a name, or Cancel to keep the old one." });
    if (await rename.run(id, name)) {
      setRenaming(null);
      router.refresh();
    }
  }

  // A refused name is the field's problem; the server's other refusals are too (the name is all it sends).
  const renameError = rename.fieldErrors.name ?? rename.error ?? undefined;
  // Memoised: the summary takes the focus whenever it gets a new object.
  const renameErrors = useMemo((): Record<string, string> => (renameError ? { name: renameError } : {}), [renameError]);

  return (
    <section aria-labelledby="passkeys-title" className="space-y-4">
      <h2 id="passkeys-title" className="text-lg font-semibold">
        Passkeys
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        A passkey lives on your device or security key and is unlocked with your fingerprint, face or PIN. It is the
        strongest way to confirm it is you.
      </p>
      {passkeys.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No passkeys yet.
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
          {passkeys.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center justify-between gap-3 p-3">
              {renaming === p.id ? (
                <form onSubmit={(e) => onRename(e, p.id)} className="flex-1 space-y-2" noValidate>
                  <ErrorSummary errors={renameErrors} fieldId={() => `rename-${p.id}`} />
                  <div className="flex flex-wrap items-end gap-2">
                    <Field id={`rename-${p.id}`} label="New name" error={renameErrors.name}>
                      <input
                        id={`rename-${p.id}`}
                        name="name"
                        defaultValue={p.name}
                        autoFocus
                        className={inputClass}
                        aria-invalid={Boolean(renameErrors.name)}
                        aria-describedby={describedBy(`rename-${p.id}`, renameErrors.name)}
                      />
                    </Field>
                    <button type="submit" disabled={rename.busy} className={buttonClass.primary}>
                      Save
                    </button>
                    <button
                      type="button"
                      onClick={() => (setRenaming(null), rename.fail(null))}
                      className={buttonClass.secondary}
                    >
                      Cancel
                    </button>
                  </div>
                </form>
              ) : (
                <>
                  <div>
                    <p className="font-medium">{p.name}</p>
                    <p className="text-xs text-slate-600 dark:text-slate-400">
                      Added {formatWhen(p.createdAt)} ·{" "}
                      {p.lastUsedAt ? `last used ${formatWhen(p.lastUsedAt)}` : "not used yet"}
                    </p>
                  </div>
                  <div className="flex gap-2">
                    <button type="button" onClick={() => setRenaming(p.id)} className={buttonClass.secondary}>
                      Rename<span className="sr-only"> {p.name}</span>
                    </button>
                    <button type="button" onClick={() => setRemoving(p)} className={buttonClass.secondary}>
                      Remove<span className="sr-only"> {p.name}</span>
                    </button>
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={onAdd} className="space-y-2" noValidate>
        <ErrorSummary errors={add.fieldErrors} fieldId={() => "passkey-name"} />
        <div className="flex flex-wrap items-end gap-2">
          <div className="min-w-56 flex-1">
            <Field id="passkey-name" label="Name for a new passkey" error={add.fieldErrors.name}>
              <input
                id="passkey-name"
                name="name"
                placeholder="Work laptop"
                maxLength={60}
                className={inputClass}
                aria-invalid={Boolean(add.fieldErrors.name)}
                aria-describedby={describedBy("passkey-name", add.fieldErrors.name)}
              />
            </Field>
          </div>
          <button type="submit" disabled={add.busy} className={buttonClass.primary}>
            {add.busy ? "Waiting for your passkey…" : "Add a passkey"}
          </button>
        </div>
        {/* The browser's prompt or the server refused: beside the button that started it. */}
        {add.error && !add.fieldErrors.name ? <SubmitError>{add.error}</SubmitError> : null}
      </form>
      <ConfirmDialog
        open={removing !== null}
        title="Remove this passkey?"
        confirmLabel="Remove passkey"
        danger
        busy={remove.busy}
        onCancel={() => setRemoving(null)}
        onConfirm={async () => {
          if (removing && (await remove.run(removing.id))) {
            setRemoving(null);
            router.refresh();
          }
        }}
      >
        <p>
          “{removing?.name}” will no longer sign you in. If it is your last second factor, your recovery codes stop
          working too.
        </p>
        {remove.error ? <SubmitError>{remove.error}</SubmitError> : null}
      </ConfirmDialog>
    </section>
  );
}
