// POST /api/requests/:id/deny – deny a pending request, with a reason the requester sees
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { denyBodySchema } from "@/lib/requests/request-input";
import { denyRequest } from "@/lib/requests/decide";

export const POST = route({ permission: "request.decide", body: denyBodySchema }, async ({ caller, params, body }) => ({
  status: (await denyRequest(await getDb(), caller, params.id!, body)).status,
}));
