"use client";

import { useEffect, useRef } from "react";
import { CopyButton } from "../CopyButton";
import { Alert } from "../ui/Alert";
import { buttonClass } from "../ui/styles";

/** Ten recovery codes, shown once: copy or download them now. */
export function RecoveryCodesPanel({ codes, onDismiss }: { codes: string[]; onDismiss: () => void }) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => panel.current?.focus(), []);
  const text = `Keyward recovery codes — each works once, instead of your second factor.\n\n${codes.join("\n")}\n`;

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "keyward-recovery-codes.txt";
    a.click();
    URL.revokeObjectURL(url);
  }

  return (
    <div ref={panel} tabIndex={-1} className="focus:outline-none" data-testid="recovery-codes">
      <Alert tone="warning" title="Save your recovery codes">
        <p>
          If you lose your passkey and authenticator app, each of these codes signs you in once. They are shown only
          now: copy or download them and keep them somewhere safe.
        </p>
        <ul className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 font-mono text-sm" aria-label="Recovery codes">
          {codes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <div className="mt-3 flex flex-wrap gap-2">
          <CopyButton text={codes.join("\n")} label="Copy codes" />
          <button type="button" onClick={download} className={buttonClass.secondary}>
            Download
          </button>
          <button type="button" onClick={onDismiss} className={buttonClass.secondary}>
            I have saved them
          </button>
        </div>
      </Alert>
    </div>
  );
}
