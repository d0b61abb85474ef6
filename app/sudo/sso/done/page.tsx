import type { Metadata } from "next";
import { SudoSsoDone } from "@/components/SudoSsoPopup";
import { Main } from "@/components/ui/Main";

export const metadata: Metadata = { title: "Re-authenticated" };
export const dynamic = "force-dynamic";

const ERRORS: Record<string, string> = {
  other_account: "You signed in to the identity provider as someone else. Re-authenticate as yourself.",
  not_recent: "The identity provider did not ask you to sign in again. Try once more.",
  expired: "The re-authentication took too long. Start it again from the console.",
};

/**
 * Where the provider sends the sudo popup back. The stamp itself was set (or refused) by the
 * sign-in callback; this page only tells the console window, which then retries the action, so
 * a forged "ok" here grants nothing: the retry is checked against the sealed sudo cookie.
 */
export default async function SudoSsoDonePage({
  searchParams,
}: {
  searchParams: Promise<{ result?: string; error?: string }>;
}) {
  const { result, error } = await searchParams;
  const ok = result === "ok";
  const message = ok
    ? "Re-authenticated. You can close this window."
    : (ERRORS[error ?? ""] ?? "The re-authentication did not complete. Try again.");
  return (
    <Main className="p-6">
      <SudoSsoDone ok={ok} message={message} />
    </Main>
  );
}
