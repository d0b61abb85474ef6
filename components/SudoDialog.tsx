"use client";

import { useEffect, useState } from "react";
import { registerSudoPrompt } from "./sudo-prompt";
import type { SudoDialogBody, SudoMethods } from "./SudoDialogBody";

interface Asking {
  Body: typeof SudoDialogBody;
  reason: string;
  resolve: (ok: boolean) => void;
}

/**
 * Sudo mode's confirmation, mounted once in the console layout: any BFF call that meets
 * "sudo_required" opens it and resumes once confirmed. Only this registration ships with every
 * page; the dialog itself (password, passkey, SSO) loads the first time it is needed.
 */
export function SudoDialog(methods: SudoMethods) {
  const [asking, setAsking] = useState<Asking | null>(null);
  useEffect(() => {
    registerSudoPrompt(async (reason) => {
      let Body: typeof SudoDialogBody;
      try {
        ({ SudoDialogBody: Body } = await import("./SudoDialogBody"));
      } catch {
        // Without the dialog the call cannot be confirmed: it fails with the server's own message.
        return false;
      }
      return new Promise<boolean>((resolve) => setAsking({ Body, reason, resolve }));
    });
    return () => registerSudoPrompt(null);
  }, []);
  if (!asking) return null;
  const { Body, reason, resolve } = asking;
  return (
    <Body
      {...methods}
      reason={reason}
      onDone={(ok) => {
        setAsking(null);
        resolve(ok);
      }}
    />
  );
}
