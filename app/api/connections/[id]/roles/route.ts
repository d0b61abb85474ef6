// GET /api/connections/:id/roles – the roles or environments a key on this connection may get
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { listConnectionRoles } from "@/lib/connections/list-roles";

export const GET = route({ permission: "key.read" }, async ({ caller, params }) => {
  return { roles: await listConnectionRoles(await getDb(), caller.team.id, params.id ?? "") };
});
