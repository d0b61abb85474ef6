import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentCaller } from "@/lib/auth/session";
import { NoTeam } from "@/components/team/NoTeam";

export const metadata: Metadata = { title: "No team yet" };
export const dynamic = "force-dynamic";

/**
 * Where a signed-in user who belongs to no team lands (a first SSO sign-in, or removed from
 * every team): every team page's guard sends them here.
 */
export default async function NoTeamPage() {
  const caller = await currentCaller();
  if (!caller) redirect("/login");
  if (caller.team) redirect("/");
  return <NoTeam />;
}
