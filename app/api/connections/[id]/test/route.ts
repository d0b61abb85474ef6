// POST /api/connections/:id/test – run the vendor's verification call with the stored credentials
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { testConnection } from "@/lib/connections/test-connection";

export const POST = route({ permission: "connection.test" }, async ({ caller, params }) => {
  return { result: await testConnection(await getDb(), caller, params.id ?? "") };
});
