// GET /api/connections – the team's vendor connections; POST – add one
import { endpoint } from "@/lib/api/endpoint";
import { connectionBodySchema } from "@/lib/connections/input";
import { listConnectionRows } from "@/lib/connections/queries";
import { createConnection } from "@/lib/connections/save-connection";
import { connectionView } from "@/lib/connections/view";

export const GET = endpoint({ access: "team", permission: "connection.read" }, async ({ db, actor }) => {
  const rows = await listConnectionRows(db, actor.team.id);
  return { connections: rows.map(connectionView) };
});

export const POST = endpoint(
  { access: "team", permission: "connection.manage", body: connectionBodySchema },
  async ({ db, actor, body }) => {
    const row = await createConnection(db, actor, body);
    return { connection: connectionView(row) };
  },
);
