// GET /api/connections/:id – one connection without its credentials; PUT – change it
import { endpoint } from "@/lib/api/endpoint";
import { connectionBodySchema } from "@/lib/connections/input";
import { getConnectionRow } from "@/lib/connections/queries";
import { updateConnection } from "@/lib/connections/save-connection";
import { connectionView } from "@/lib/connections/view";

export const GET = endpoint(
  { access: "team", permission: "connection.read", params: { id: { uuid: "The connection" } } },
  async ({ db, actor, params }) => {
    return { connection: connectionView(await getConnectionRow(db, actor.team.id, params.id)) };
  },
);

export const PUT = endpoint(
  {
    access: "team",
    permission: "connection.manage",
    body: connectionBodySchema,
    params: { id: { uuid: "The connection" } },
  },
  async ({ db, actor, params, body }) => {
    return { connection: connectionView(await updateConnection(db, actor, params.id, body)) };
  },
);
