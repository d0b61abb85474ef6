"use client";

import { useEffect, useState } from "react";
import { api, ApiError } from "./api-client";
import { signInWithSso } from "./auth-client";
import { Alert } from "./ui/Alert";

/** The message the sudo popup posts to the console window that opened it. */
export interface SudoSsoMessage {
  type: "keyward-sudo-sso";
  ok: boolean;
  message?: string;
}
export const SUDO_SSO_MESSAGE = "keyward-sudo-sso";

/** Tells the opener how the re-authentication went, then closes the popup. */
function reportToOpener(result: Omit<SudoSsoMessage, "type">): void {
  // Only our own origin may read the result.
  window.opener?.postMessage({ type: SUDO_SSO_MESSAGE, ...result } satisfies SudoSsoMessage, window.location.origin);
  window.close();
}

/**
 * Runs in the popup the sudo dialog opens: marks the re-authentication as pending, then sends
 * the provider prompt=login and max_age=0 so the person must really sign in again.
 */
export function SudoSsoStart() {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    (async () => {
      try {
        await api("POST /api/auth/sudo/sso", {});
        await signInWithSso("/sudo/sso/done", { prompt: "login", max_age: "0" });
      } catch (err) {
        const message = err instanceof ApiError ? err.message : "Could not start the re-authentication.";
        setError(message);
        reportToOpener({ ok: false, message });
      }
    })();
  }, []);
  return error ? (
    <Alert tone="error">{error}</Alert>
  ) : (
    <p className="text-sm text-slate-600 dark:text-slate-400">Opening your identity provider…</p>
  );
}

/** Runs in the popup after the provider: reports the outcome the server decided. */
export function SudoSsoDone({ ok, message }: { ok: boolean; message: string }) {
  useEffect(() => reportToOpener({ ok, message }), [ok, message]);
  return <Alert tone={ok ? "success" : "error"}>{message}</Alert>;
}
