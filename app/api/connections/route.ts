// GET /api/connections – the team's vendor connections; POST – add one
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { connectionBodySchema } from "@/lib/connections/input";
import { listConnectionRows } from "@/lib/connections/queries";
import { createConnection } from "@/lib/connections/save-connection";
import { connectionView } from "@/lib/connections/view";

export const GET = route({ permission: "connection.read" }, async ({ caller }) => {
  const rows = await listConnectionRows(await getDb(), caller.team.id);
  return { connections: rows.map(connectionView) };
});

export const POST = route({ permission: "connection.manage", body: connectionBodySchema }, async ({ caller, body }) => {
  const row = await createConnection(await getDb(), caller, body);
  return { connection: connectionView(row) };
});
