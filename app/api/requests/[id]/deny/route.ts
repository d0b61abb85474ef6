// POST /api/requests/:id/deny – deny a pending request, with a reason the requester sees
import { endpoint } from "@/lib/api/endpoint";
import { denyBodySchema } from "@/lib/requests/request-input";
import { denyRequest } from "@/lib/requests/decide";

export const POST = endpoint(
  { access: "team", permission: "request.decide", body: denyBodySchema, params: { id: { uuid: "The request" } } },
  async ({ db, actor, params, body }) => ({
    status: (await denyRequest(db, actor, params.id, body)).status,
  }),
);
