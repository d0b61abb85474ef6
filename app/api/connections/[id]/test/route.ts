// POST /api/connections/:id/test – run the vendor's verification call with the stored credentials
import { endpoint } from "@/lib/api/endpoint";
import { testConnection } from "@/lib/connections/test-connection";

export const POST = endpoint(
  { access: "team", permission: "connection.test", params: { id: { uuid: "The connection" } } },
  async ({ db, actor, params }) => {
    return { result: await testConnection(db, actor, params.id) };
  },
);
