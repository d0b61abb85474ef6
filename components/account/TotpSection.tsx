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

interface Enrolment {
  secret: string;
  qr: { size: number; path: string };
}

/** The authenticator app: set up (QR code and secret, confirmed by a first code) or remove. */
export function TotpSection({ since, onCodes }: { since: string | null; onCodes: (codes: string[]) => void }) {
  const router = useRouter();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [removing, setRemoving] = useState(false);
  const start = useMutation(() => api("POST /api/account/totp", {}), {
    fallback: "Could not start setting up the app.",
  });
  const confirm = useMutation((code: string) => api("POST /api/account/totp/confirm", { body: { code } }), {
    fallback: "Could not check the code.",
  });
  const remove = useMutation(() => api("DELETE /api/account/totp", {}), {
    fallback: "Could not remove the app.",
  });

  async function onStart() {
    const result = await start.run();
    if (result) setEnrolment(result);
  }

  async function onConfirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "").trim();
    if (!code) return confirm.fail(null, { code: "Enter the 6-digit code the app shows." });
    const result = await confirm.run(code);
    if (!result) return;
    setEnrolment(null);
    if (result.recoveryCodes) onCodes(result.recoveryCodes);
    router.refresh();
  }

  // A refused code is about the one field: its message sits beside it and in the summary.
  const codeError = confirm.fieldErrors.code ?? confirm.error ?? undefined;
  // Memoised: the summary takes the focus whenever it gets a new object.
  const summary = useMemo((): Record<string, string> => (codeError ? { "totp-code": codeError } : {}), [codeError]);
  return (
    <section aria-labelledby="totp-title" className="space-y-4">
      <h2 id="totp-title" className="text-lg font-semibold">
        Authenticator app
      </h2>
      {since ? (
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm">Set up {formatWhen(since)}. Sign-in asks for its 6-digit code.</p>
          <button type="button" onClick={() => setRemoving(true)} className={buttonClass.secondary}>
            Remove the app
          </button>
        </div>
      ) : enrolment ? (
        <div className="space-y-4">
          <p className="text-sm">
            Scan this code with your authenticator app (1Password, Google Authenticator, Aegis…), or type the key below
            into it. Then enter the 6-digit code it shows.
          </p>
          <svg
            role="img"
            aria-label="QR code for your authenticator app"
            viewBox={`-4 -4 ${enrolment.qr.size + 8} ${enrolment.qr.size + 8}`}
            className="h-48 w-48 rounded bg-white"
            shapeRendering="crispEdges"
          >
            <path d={enrolment.qr.path} fill="#000" />
          </svg>
          <p className="text-sm">
            Key:{" "}
            <code data-testid="totp-secret" className="break-all font-mono select-all">
              {enrolment.secret}
            </code>
          </p>
          <ErrorSummary errors={summary} />
          <form onSubmit={onConfirm} className="flex flex-wrap items-end gap-2" noValidate>
            <Field id="totp-code" label="Code from the app" error={codeError}>
              <input
                id="totp-code"
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                autoFocus
                className={`${inputClass} w-40 font-mono`}
                aria-invalid={Boolean(codeError)}
                aria-describedby={describedBy("totp-code", codeError)}
              />
            </Field>
            <button type="submit" disabled={confirm.busy} className={buttonClass.primary}>
              {confirm.busy ? "Checking…" : "Confirm code"}
            </button>
            <button type="button" onClick={() => setEnrolment(null)} className={buttonClass.secondary}>
              Cancel
            </button>
          </form>
        </div>
      ) : (
        <div className="space-y-2">
          <p className="text-sm text-slate-600 dark:text-slate-400">
            No authenticator app. An app that shows 6-digit codes works where passkeys do not.
          </p>
          <button type="button" onClick={onStart} disabled={start.busy} className={buttonClass.secondary}>
            Set up an authenticator app
          </button>
          {start.error ? <SubmitError>{start.error}</SubmitError> : null}
        </div>
      )}
      <ConfirmDialog
        open={removing}
        title="Remove the authenticator app?"
        confirmLabel="Remove app"
        danger
        busy={remove.busy}
        onCancel={() => setRemoving(false)}
        onConfirm={async () => {
          if (await remove.run()) {
            setRemoving(false);
            router.refresh();
          }
        }}
      >
        <p>
          Its codes will no longer sign you in. If it is your last second factor, your recovery codes stop working too.
        </p>
        {remove.error ? <SubmitError>{remove.error}</SubmitError> : null}
      </ConfirmDialog>
    </section>
  );
}
