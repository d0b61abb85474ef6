import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentCaller } from "@/lib/auth/session";
import { ChangePasswordForm } from "@/components/team/ChangePasswordForm";
import { Alert } from "@/components/ui/Alert";
import { cardClass, linkClass } from "@/components/ui/styles";
import { Main } from "@/components/ui/Main";

export const metadata: Metadata = { title: "Change password" };
export const dynamic = "force-dynamic";

// Outside the console layout on purpose: that layout sends users with a one-time password here.
export default async function ChangePasswordPage() {
  const caller = await currentCaller();
  if (!caller) redirect("/login?callbackUrl=/account/password");
  return (
    <Main className="flex min-h-screen items-center justify-center p-6">
      <div className={`${cardClass} w-full max-w-sm space-y-4`}>
        <p className="text-sm font-semibold uppercase tracking-wide text-sky-700 dark:text-sky-400">Keyward</p>
        <h1 className="text-2xl font-semibold">Change your password</h1>
        {caller.mustChangePassword ? (
          <Alert tone="warning">
            Your account was created with a one-time password. Choose your own password to continue.
          </Alert>
        ) : null}
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Signed in as {caller.user.email}. Changing your password signs out your other sessions.
        </p>
        <ChangePasswordForm cancelHref={caller.mustChangePassword ? undefined : "/account/sessions"} />
        {caller.mustChangePassword ? null : (
          <p className="text-sm">
            <Link href="/account/sessions" className={linkClass}>
              Your sessions
            </Link>
            <span className="text-slate-600 dark:text-slate-400"> — where you are signed in</span>
          </p>
        )}
      </div>
    </Main>
  );
}
