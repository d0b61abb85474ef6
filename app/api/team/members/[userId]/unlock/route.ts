// POST /api/team/members/:userId/unlock – lift a member's sign-in delays
import { endpoint } from "@/lib/api/endpoint";
import { unlockMember } from "@/lib/teams/unlock-member";

export const POST = endpoint(
  { access: "team", permission: "team.manage", params: { userId: { uuid: "That member" } } },
  async ({ db, actor, params }) => ({ unlocked: true, ...(await unlockMember(db, actor, params.userId)) }),
);
