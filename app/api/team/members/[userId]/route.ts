// PATCH /api/team/members/:userId – change a member's role; DELETE – remove them from the team
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { roleBodySchema } from "@/lib/teams/input";
import { changeMemberRole } from "@/lib/teams/change-role";
import { removeMember } from "@/lib/teams/remove-member";

export const PATCH = route({ permission: "team.manage", body: roleBodySchema }, async ({ caller, params, body }) => {
  return { member: await changeMemberRole(await getDb(), caller, params.userId ?? "", body.role) };
});

export const DELETE = route({ permission: "team.manage" }, async ({ caller, params }) => {
  await removeMember(await getDb(), caller, params.userId ?? "");
  return { ok: true };
});
