import type { Metadata } from "next";
import { pageContext } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { getTeamSettings, listMembers, listPendingInvites } from "@/lib/teams/queries";
import { PageHeader } from "@/components/ui/PageHeader";
import { MemberList } from "@/components/team/MemberList";
import { InvitePanel } from "@/components/team/InvitePanel";
import { CreateAccountForm } from "@/components/team/CreateAccountForm";
import { TeamSettingsForm } from "@/components/team/TeamSettingsForm";
import { CreateTeamForm } from "@/components/team/CreateTeamForm";
import { roleWithArticle } from "@/components/team/RoleSelect";
import { Section } from "@/components/ui/Section";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const { db, actor, teamName } = await pageContext("team.read");
  const canManage = can(actor.team.role, "team.manage");
  const [members, pending, settings] = await Promise.all([
    listMembers(db, actor.team.id),
    canManage ? listPendingInvites(db, actor.team.id) : Promise.resolve([]),
    getTeamSettings(db, actor.team.id),
  ]);
  return (
    <>
      <PageHeader
        title={teamName}
        description={`Members, invites and settings of the team. You are ${roleWithArticle(actor.team.role)} here.`}
      />
      <div className="space-y-6">
        <Section
          title="Members"
          description={
            canManage
              ? "Role changes and removals take effect on the member's next click. A team always keeps one admin."
              : undefined
          }
        >
          <MemberList members={members} canManage={canManage} myId={actor.user.id} />
        </Section>
        {canManage ? (
          <>
            <Section
              title="Invite someone"
              description="An invite link lets one person join with the role you choose, until it expires. Only a hash of the link is stored."
            >
              <InvitePanel pending={pending} />
            </Section>
            <Section
              title="Add a person by e-mail"
              description="A sign-up link only that address can use, valid for 7 days: someone new sets their own password through it, someone with a Keyward account signs in and accepts."
            >
              <CreateAccountForm />
            </Section>
          </>
        ) : null}
        <Section title="Settings">
          <TeamSettingsForm initial={settings} canManage={canManage} />
        </Section>
        <Section
          title="Start another team"
          description="You become the new team's admin; switch between your teams in the header."
        >
          <CreateTeamForm />
        </Section>
      </div>
    </>
  );
}
