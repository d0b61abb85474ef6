// GET /api/team/members/:userId/keys – the member's live keys, for the removal dialog
import { endpoint } from "@/lib/api/endpoint";
import { liveKeysOwnedBy } from "@/lib/offboarding/owned-keys";
import { memberRoleOrThrow } from "@/lib/teams/admins";

export const GET = endpoint(
  { access: "team", permission: "key.read.all", params: { userId: { uuid: "That member" } } },
  async ({ db, actor, params }) => {
    const userId = params.userId;
    await memberRoleOrThrow(db, actor.team.id, userId);
    return { keys: await liveKeysOwnedBy(db, actor.team.id, userId) };
  },
);
