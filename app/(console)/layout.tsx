import { redirect } from "next/navigation";
import { currentCaller } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { Nav, type NavItem } from "@/components/Nav";
import { SudoDialog } from "@/components/SudoDialog";
import { TeamSwitcher } from "@/components/team/TeamSwitcher";
import { sudoMethods } from "@/lib/auth/sudo-methods";
import { getDb } from "@/lib/db";
import { decisionsWaitingCount, requesterNoticeCount } from "@/lib/requests/badges";
import { Main } from "@/components/ui/Main";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const caller = await currentCaller();
  if (!caller) redirect("/login");
  // A one-time password must be replaced before anything else (the BFF answers 403 meanwhile).
  if (caller.mustChangePassword) redirect("/account/password");
  // So must a second factor, when one of the caller's teams requires it.
  if (caller.mustEnrolSecondFactor) redirect("/account/security");
  const role = caller.team?.role;
  const sudo = await sudoMethods(caller.user.id);
  const items: NavItem[] = [
    { href: "/", label: "Dashboard" },
    ...(role && can(role, "connection.read") ? [{ href: "/connections", label: "Connections" }] : []),
    ...(role && can(role, "key.read") ? [{ href: "/keys", label: "Keys" }] : []),
    ...(role && can(role, "request.create")
      ? [
          {
            href: "/requests",
            label: "Requests",
            badge: await requesterNoticeCount(await getDb(), caller.user.id, caller.team!.id),
          },
        ]
      : role && can(role, "request.read.all")
        ? [{ href: "/requests", label: "Requests" }]
        : []),
    ...(role && can(role, "request.decide")
      ? [
          {
            href: "/approvals",
            label: "Approvals",
            badge: await decisionsWaitingCount(await getDb(), caller.team!.id, caller.user.id),
          },
        ]
      : []),
    ...(role && can(role, "audit.read") ? [{ href: "/audit", label: "Audit log" }] : []),
    ...(role && can(role, "team.read") ? [{ href: "/notifications", label: "Notifications" }] : []),
    ...(role && can(role, "notify.read") ? [{ href: "/integrations", label: "Integrations" }] : []),
    ...(role && can(role, "team.read") ? [{ href: "/team", label: "Team" }] : []),
  ];
  const switcher =
    caller.teams.length > 1 ? <TeamSwitcher teams={caller.teams} current={caller.team?.id ?? null} /> : undefined;
  return (
    <>
      <Nav items={items} team={caller.team?.name ?? null} email={caller.user.email} teamSwitcher={switcher} />
      <Main className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">{children}</Main>
      <SudoDialog password={sudo.password} sso={sudo.sso} passkey={sudo.passkey} totp={sudo.totp} />
    </>
  );
}
