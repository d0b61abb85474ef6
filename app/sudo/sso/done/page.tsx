import type { Metadata } from "next";
import { currentCaller } from "@/lib/auth/session";
import { sudoActive } from "@/lib/auth/sudo";
import { SudoSsoDone } from "@/components/SudoSsoPopup";

export const metadata: Metadata = { title: "Re-authenticated" };
export const dynamic = "force-dynamic";

const ERRORS: Record<string, string> = {
  other_account: "You signed in to the identity provider as someone else. Re-authenticate as yourself.",
  not_recent: "The identity provider did not ask you to sign in again. Try once more.",
};

/** Where the provider sends the sudo popup back; the stamp itself was set (or refused) by the sign-in callback. */
export default async function SudoSsoDonePage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  const caller = await currentCaller();
  const ok = !error && caller !== null && (await sudoActive(caller.user.id));
  const message = ok ? "Re-authenticated. You can close this window." : (ERRORS[error ?? ""] ?? "The re-authentication did not complete. Try again.");
  return (
    <main className="p-6">
      <SudoSsoDone ok={ok} message={message} />
    </main>
  );
}
