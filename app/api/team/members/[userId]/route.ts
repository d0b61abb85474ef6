// PATCH /api/team/members/:userId – change a member's role
// DELETE /api/team/members/:userId?keys=revoke|handover|keep[&to=<userId>] – remove them, settling their live keys
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { roleBodySchema } from "@/lib/teams/input";
import { changeMemberRole } from "@/lib/teams/change-role";
import { removalQuerySchema } from "@/lib/offboarding/input";
import { offboardMember } from "@/lib/offboarding/remove-member";

export const PATCH = route({ permission: "team.manage", body: roleBodySchema }, async ({ caller, params, body }) => {
  return { member: await changeMemberRole(await getDb(), caller, params.userId ?? "", body.role) };
});

export const DELETE = route({ permission: "team.manage" }, async ({ caller, params, req }) => {
  const query = removalQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  return { removed: true, ...(await offboardMember(await getDb(), caller, params.userId ?? "", query)) };
});
