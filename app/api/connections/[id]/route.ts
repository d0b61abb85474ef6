// GET /api/connections/:id – one connection without its credentials; PUT – change it
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { connectionBodySchema } from "@/lib/connections/input";
import { getConnectionRow } from "@/lib/connections/queries";
import { updateConnection } from "@/lib/connections/save-connection";
import { connectionView } from "@/lib/connections/view";

export const GET = route({ permission: "connection.read" }, async ({ caller, params }) => {
  return { connection: connectionView(await getConnectionRow(await getDb(), caller.team.id, params.id ?? "")) };
});

export const PUT = route(
  { permission: "connection.manage", body: connectionBodySchema },
  async ({ caller, params, body }) => {
    return { connection: connectionView(await updateConnection(await getDb(), caller, params.id ?? "", body)) };
  },
);
