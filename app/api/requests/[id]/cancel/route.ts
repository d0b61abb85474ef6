// POST /api/requests/:id/cancel – the requester withdraws a pending request
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { cancelRequest } from "@/lib/requests/decide";

export const POST = route({ permission: "request.create" }, async ({ caller, params }) => ({
  status: (await cancelRequest(await getDb(), caller, params.id!)).status,
}));
