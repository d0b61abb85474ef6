// PATCH /api/team/members/:userId – change a member's role
// DELETE /api/team/members/:userId?keys=revoke|handover|keep[&to=<userId>] – remove them, settling their live keys
import { endpoint } from "@/lib/api/endpoint";
import { roleBodySchema } from "@/lib/teams/input";
import { changeMemberRole } from "@/lib/teams/change-role";
import { removalQuerySchema } from "@/lib/offboarding/input";
import { offboardMember } from "@/lib/offboarding/remove-member";

export const PATCH = endpoint(
  { access: "team", permission: "team.manage", body: roleBodySchema, params: { userId: { uuid: "That member" } } },
  async ({ db, actor, params, body }) => {
    return { member: await changeMemberRole(db, actor, params.userId, body.role) };
  },
);

export const DELETE = endpoint(
  { access: "team", permission: "team.manage", params: { userId: { uuid: "That member" } } },
  async ({ db, actor, params, req }) => {
    const query = removalQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
    return { removed: true, ...(await offboardMember(db, actor, params.userId, query)) };
  },
);
