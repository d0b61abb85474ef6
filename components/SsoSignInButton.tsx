"use client";

import { useState } from "react";
import { signIn } from "next-auth/react";
import { buttonClass } from "./ui/styles";

/** "Sign in with <provider>": next-auth's OpenID Connect flow (PKCE, state, nonce). */
export function SsoSignInButton({ name, callbackUrl }: { name: string; callbackUrl: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        // Only same-site paths: the callback comes from the address bar.
        void signIn("oidc", { callbackUrl: callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/" });
      }}
      className={`${buttonClass.secondary} w-full`}
    >
      {busy ? "Opening…" : `Sign in with ${name}`}
    </button>
  );
}
