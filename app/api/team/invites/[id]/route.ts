// DELETE /api/team/invites/:id – revoke a pending invite
import { endpoint } from "@/lib/api/endpoint";
import { revokeInvite } from "@/lib/teams/revoke-invite";

export const DELETE = endpoint(
  { access: "team", permission: "team.manage", params: { id: { uuid: "That invite" } } },
  async ({ db, actor, params }) => {
    await revokeInvite(db, actor, params.id);
    return { ok: true };
  },
);
