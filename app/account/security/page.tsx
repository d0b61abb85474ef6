import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentCaller } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { securitySummary } from "@/lib/auth/factors/factors";
import { sudoMethods } from "@/lib/auth/sudo-methods";
import { SecuritySettings } from "@/components/account/SecuritySettings";
import { SudoDialog } from "@/components/SudoDialog";
import { Alert } from "@/components/ui/Alert";
import { cardClass, linkClass } from "@/components/ui/styles";
import { Main } from "@/components/ui/Main";

export const metadata: Metadata = { title: "Security" };
export const dynamic = "force-dynamic";

// Outside the console layout on purpose: that layout sends members who must enrol a second factor here.
export default async function SecurityPage() {
  const caller = await currentCaller();
  if (!caller) redirect("/login?callbackUrl=/account/security");
  if (caller.mustChangePassword) redirect("/account/password");
  const [summary, sudo] = await Promise.all([
    securitySummary(await getDb(), caller.user.id),
    sudoMethods(caller.user.id),
  ]);
  return (
    <Main className="mx-auto max-w-2xl space-y-6 p-6">
      <div>
        <p className="text-sm font-semibold uppercase tracking-wide text-sky-700 dark:text-sky-400">Keyward</p>
        <h1 className="mt-1 text-2xl font-semibold">Account security</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Signed in as {caller.user.email}.{" "}
          {caller.mustEnrolSecondFactor ? null : (
            <Link href="/" className={linkClass}>
              Back to the console
            </Link>
          )}
        </p>
      </div>
      {caller.mustEnrolSecondFactor ? (
        <Alert tone="warning" title="Your team requires a second factor">
          Add a passkey or an authenticator app to continue. Until then the console is closed to you.
        </Alert>
      ) : null}
      <div className={cardClass}>
        <SecuritySettings summary={summary} />
      </div>
      <SudoDialog password={sudo.password} sso={sudo.sso} passkey={sudo.passkey} totp={sudo.totp} />
    </Main>
  );
}
