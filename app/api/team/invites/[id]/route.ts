// DELETE /api/team/invites/:id – revoke a pending invite
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { uuidOrNotFound } from "@/lib/teams/ids";
import { revokeInvite } from "@/lib/teams/revoke-invite";

export const DELETE = route({ permission: "team.manage" }, async ({ caller, params }) => {
  await revokeInvite(await getDb(), caller, uuidOrNotFound(params.id ?? "", "That invite"));
  return { ok: true };
});
