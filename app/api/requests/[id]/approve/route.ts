// POST /api/requests/:id/approve – approve a pending request, optionally with a shorter expiry
import { endpoint } from "@/lib/api/endpoint";
import { approveBodySchema } from "@/lib/requests/request-input";
import { approveRequest } from "@/lib/requests/decide";

export const POST = endpoint(
  { access: "team", permission: "request.decide", body: approveBodySchema, params: { id: { uuid: "The request" } } },
  async ({ db, actor, params, body }) => ({
    status: (await approveRequest(db, actor, params.id, body)).status,
  }),
);
