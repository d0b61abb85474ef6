import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentCaller } from "@/lib/auth/session";
import { PageHeader } from "@/components/ui/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";

export const metadata: Metadata = { title: "No team yet" };
export const dynamic = "force-dynamic";

/** Where a signed-in user who belongs to no team lands (a first SSO sign-in, or removed from every team). */
export default async function NoTeamPage() {
  const caller = await currentCaller();
  if (!caller) redirect("/login");
  if (caller.team) redirect("/");
  return (
    <>
      <PageHeader title="Welcome to Keyward" description={`Signed in as ${caller.user.email}.`} />
      <EmptyState title="You are not a member of any team yet — ask an admin to add you">
        <p>Keys, connections and requests belong to teams. Once a team admin adds you, reload this page to see your team&apos;s dashboard.</p>
      </EmptyState>
    </>
  );
}
