// GET /api/team/invites – pending invites; POST – create an invite link (its token is shown once)
import { endpoint } from "@/lib/api/endpoint";
import { inviteBodySchema } from "@/lib/teams/input";
import { createInvite } from "@/lib/teams/create-invite";
import { listPendingInvites } from "@/lib/teams/queries";

export const GET = endpoint({ access: "team", permission: "team.invites.read" }, async ({ db, actor }) => ({
  invites: await listPendingInvites(db, actor.team.id),
}));

export const POST = endpoint(
  { access: "team", permission: "team.manage", body: inviteBodySchema },
  async ({ db, actor, body }) => {
    const invite = await createInvite(db, actor, body);
    return { invite: { ...invite, path: `/invite/${invite.token}` } };
  },
);
