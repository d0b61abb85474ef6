import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentCaller } from "@/lib/auth/session";
import { LoginForm } from "@/components/LoginForm";
import { SsoSignInButton } from "@/components/SsoSignInButton";
import { Alert } from "@/components/ui/Alert";
import { env, oidcSettings } from "@/lib/env";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { OIDC_SIGN_IN_REFUSALS } from "@/lib/auth/oidc-users";
import { cardClass } from "@/components/ui/styles";
import { Main } from "@/components/ui/Main";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

// next-auth's error codes for a failed SSO sign-in, and our own refusals. Only known codes are
// shown: the address bar is not a place to take sentences from.
const SIGN_IN_ERRORS: Record<string, string> = {
  ...OIDC_SIGN_IN_REFUSALS,
  OAuthSignin: "Could not reach the identity provider. Try again, or ask an admin to check the SSO settings.",
  OAuthCallback: "The identity provider's answer could not be verified. Try again.",
  AccessDenied: "Single sign-on was refused.",
  Callback: "Single sign-on did not complete. Try again.",
};

function signInError(code: string | undefined): string | null {
  if (!code || code === "CredentialsSignin") return null;
  return SIGN_IN_ERRORS[code] ?? "Signing in did not complete. Try again.";
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}) {
  if (await currentCaller()) redirect("/");
  const { callbackUrl: requested, error } = await searchParams;
  const callbackUrl = safeCallbackPath(requested, env().KEYWARD_URL);
  const sso = oidcSettings();
  const problem = signInError(error);
  return (
    <Main className="flex min-h-screen items-center justify-center p-6">
      <div className={`${cardClass} w-full max-w-sm`}>
        <p className="text-sm font-semibold uppercase tracking-wide text-sky-700 dark:text-sky-400">Keyward</p>
        <h1 className="mt-1 mb-6 text-2xl font-semibold">Sign in to the console</h1>
        {problem ? (
          <div className="mb-4">
            <Alert tone="error">{problem}</Alert>
          </div>
        ) : null}
        <LoginForm callbackUrl={callbackUrl} />
        {sso ? (
          <div className="mt-4 space-y-4">
            <p className="text-center text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">or</p>
            <SsoSignInButton name={sso.name} callbackUrl={callbackUrl} />
          </div>
        ) : null}
      </div>
    </Main>
  );
}
