// GET /api/connections/:id/grants – the connection's policy; PUT – replace it
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { grantsBodySchema } from "@/lib/policies/grant-input";
import { listTeamGrants, replaceGrants } from "@/lib/policies/grants";

export const GET = route({ permission: "connection.read" }, async ({ caller, params }) => ({
  grants: await listTeamGrants(await getDb(), caller.team.id, params.id!),
}));

export const PUT = route({ permission: "policy.manage", body: grantsBodySchema }, async ({ caller, params, body }) => ({
  grants: await replaceGrants(await getDb(), caller, params.id!, body.grants),
}));
