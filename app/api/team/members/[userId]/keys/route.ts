// GET /api/team/members/:userId/keys – the member's live keys, for the removal dialog
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { liveKeysOwnedBy } from "@/lib/offboarding/owned-keys";
import { memberRoleOrThrow } from "@/lib/teams/admins";
import { uuidOrNotFound } from "@/lib/teams/ids";

export const GET = route({ permission: "key.read.all" }, async ({ caller, params }) => {
  const userId = uuidOrNotFound(params.userId ?? "", "That member");
  const db = await getDb();
  await memberRoleOrThrow(db, caller.team.id, userId);
  return { keys: await liveKeysOwnedBy(db, caller.team.id, userId) };
});
