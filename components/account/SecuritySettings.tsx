"use client";

import { useState } from "react";
import { api } from "../api-client";
import { ConfirmDialog } from "../ConfirmDialog";
import { useMutation } from "../use-mutation";
import { Alert } from "../ui/Alert";
import { buttonClass } from "../ui/styles";
import { PasskeyList, type PasskeyView } from "./PasskeyList";
import { RecoveryCodesPanel } from "./RecoveryCodesPanel";
import { TotpSection } from "./TotpSection";

interface Summary {
  passkeys: PasskeyView[];
  totp: { since: string } | null;
  recoveryCodesLeft: number;
}

/** Account → Security: the second factors and the recovery codes. */
export function SecuritySettings({ summary }: { summary: Summary }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const [confirming, setConfirming] = useState(false);
  const regenerate = useMutation(() => api("POST /api/account/recovery-codes", {}), {
    fallback: "Could not make new recovery codes.",
  });
  const hasFactor = summary.passkeys.length > 0 || summary.totp !== null;

  return (
    <div className="space-y-8">
      {codes ? <RecoveryCodesPanel codes={codes} onDismiss={() => setCodes(null)} /> : null}
      <PasskeyList passkeys={summary.passkeys} onCodes={setCodes} />
      <TotpSection since={summary.totp?.since ?? null} onCodes={setCodes} />
      <section aria-labelledby="recovery-title" className="space-y-2">
        <h2 id="recovery-title" className="text-lg font-semibold">
          Recovery codes
        </h2>
        {hasFactor ? (
          <>
            <p className="text-sm" data-testid="recovery-codes-left">
              {summary.recoveryCodesLeft} of 10 recovery codes left. Each signs you in once if you lose your second
              factor.
            </p>
            <button
              type="button"
              disabled={regenerate.busy}
              className={buttonClass.secondary}
              onClick={() => setConfirming(true)}
            >
              Make new recovery codes
            </button>
            <ConfirmDialog
              open={confirming}
              title="Make new recovery codes?"
              confirmLabel="Make new codes"
              danger
              busy={regenerate.busy}
              onCancel={() => setConfirming(false)}
              onConfirm={async () => {
                const result = await regenerate.run();
                setConfirming(false);
                if (result) setCodes(result.recoveryCodes);
              }}
            >
              <p>
                Your {summary.recoveryCodesLeft} remaining codes stop working at once; keep the ten new ones instead.
              </p>
            </ConfirmDialog>
            {regenerate.error ? <Alert tone="error">{regenerate.error}</Alert> : null}
          </>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            You get ten recovery codes when you add your first passkey or authenticator app.
          </p>
        )}
      </section>
    </div>
  );
}
