"use client";

import { useState } from "react";
import { buttonClass } from "./ui/styles";
import { signInWithSso } from "./auth-client";

/**
 * "Sign in with <provider>": next-auth's OpenID Connect flow (PKCE, state, nonce). The
 * callback is already one of the console's own paths (lib/auth/callback-url.ts).
 */
export function SsoSignInButton({ name, callbackUrl }: { name: string; callbackUrl: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void signInWithSso(callbackUrl);
      }}
      className={`${buttonClass.secondary} w-full`}
    >
      {busy ? "Opening…" : `Sign in with ${name}`}
    </button>
  );
}
