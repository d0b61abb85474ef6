// GET /api/connections/:id/grants – the connection's policy; PUT – replace it
import { endpoint } from "@/lib/api/endpoint";
import { grantsBodySchema } from "@/lib/policies/grant-input";
import { listTeamGrants, replaceGrants } from "@/lib/policies/grants";

export const GET = endpoint(
  { access: "team", permission: "connection.read", params: { id: { uuid: "The connection" } } },
  async ({ db, actor, params }) => ({
    grants: await listTeamGrants(db, actor.team.id, params.id),
  }),
);

export const PUT = endpoint(
  { access: "team", permission: "policy.manage", body: grantsBodySchema, params: { id: { uuid: "The connection" } } },
  async ({ db, actor, params, body }) => ({
    grants: await replaceGrants(db, actor, params.id, body.grants),
  }),
);
