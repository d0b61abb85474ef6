"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import type { UndeliveredAttemptView } from "@/lib/issuance/retired-by-hand";
import { api, ApiError } from "./api-client";
import { ConfirmDialog } from "./ConfirmDialog";
import { Alert } from "./ui/Alert";
import { buttonClass } from "./ui/styles";
import { formatWhen } from "./ui/format";

/**
 * Keys a console may have created on a vendor while it stopped mid-issue, which the recovery sweep
 * could neither find nor revoke: an admin retires each by hand on the vendor, then confirms here
 * (which lets its request be issued again).
 */
export function UndeliveredAttempts({
  attempts,
  canConfirm,
}: {
  attempts: UndeliveredAttemptView[];
  canConfirm: boolean;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<UndeliveredAttemptView | null>(null);
  if (attempts.length === 0) return null;

  async function confirm(attemptId: string) {
    setBusy(attemptId);
    setError(null);
    try {
      await api("POST /api/issue-attempts/retired", { body: { attemptId } });
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "The confirmation could not be saved.");
    } finally {
      setBusy(null);
      setConfirming(null);
    }
  }

  return (
    <section className="mb-6" aria-labelledby="undelivered-keys">
      <ConfirmDialog
        open={confirming !== null}
        title={`Have you retired “${confirming?.keyName ?? ""}” on ${confirming?.connectionName ?? "the vendor"}?`}
        confirmLabel="I have retired it"
        busy={busy !== null}
        onCancel={() => setConfirming(null)}
        onConfirm={() => confirming && void confirm(confirming.id)}
      >
        <p>
          Its request can then be issued again. If the vendor still holds the key, two live keys would exist, and
          Keyward would know of one.
        </p>
      </ConfirmDialog>
      <Alert tone="warning">
        <h2 id="undelivered-keys" className="font-semibold">
          Undelivered — retire by hand: {attempts.length}
        </h2>
        <p className="mt-1">
          The console stopped while issuing these keys, and the vendor may hold a key that Keyward can neither find nor
          revoke. Retire each on the vendor, then confirm; until then its request cannot be issued again.
        </p>
        <ul className="mt-3 space-y-3">
          {attempts.map((a) => (
            <li key={a.id} className="flex flex-wrap items-start justify-between gap-2">
              <div>
                <p className="font-medium">
                  “{a.keyName}” on {a.connectionName} for {a.requester}, started {formatWhen(a.startedAt)}
                </p>
                <p className="text-xs">{a.message}</p>
              </div>
              {canConfirm ? (
                <button
                  type="button"
                  className={buttonClass.secondary}
                  disabled={busy !== null}
                  onClick={() => setConfirming(a)}
                >
                  {busy === a.id ? "Saving…" : "I have retired it"}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
        {error ? <p className="mt-2 font-medium">{error}</p> : null}
      </Alert>
    </section>
  );
}
