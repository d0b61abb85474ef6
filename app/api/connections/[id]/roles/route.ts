// GET /api/connections/:id/roles – the roles or environments a key on this connection may get
import { endpoint } from "@/lib/api/endpoint";
import { listConnectionRoles } from "@/lib/connections/list-roles";

export const GET = endpoint(
  { access: "team", permission: "key.read", params: { id: { uuid: "The connection" } } },
  async ({ db, actor, params }) => {
    return { roles: await listConnectionRoles(db, actor.team.id, params.id) };
  },
);
