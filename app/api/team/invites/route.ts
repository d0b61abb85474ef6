// GET /api/team/invites – pending invites; POST – create an invite link (its token is shown once)
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { inviteBodySchema } from "@/lib/teams/input";
import { createInvite } from "@/lib/teams/create-invite";
import { listPendingInvites } from "@/lib/teams/queries";

export const GET = route({ permission: "team.invites.read" }, async ({ caller }) => ({
  invites: await listPendingInvites(await getDb(), caller.team.id),
}));

export const POST = route({ permission: "team.manage", body: inviteBodySchema }, async ({ caller, body }) => {
  const invite = await createInvite(await getDb(), caller, body);
  return { invite: { ...invite, path: `/invite/${invite.token}` } };
});
