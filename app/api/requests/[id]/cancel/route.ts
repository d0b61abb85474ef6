// POST /api/requests/:id/cancel – the requester withdraws a pending request
import { endpoint } from "@/lib/api/endpoint";
import { cancelRequest } from "@/lib/requests/decide";

export const POST = endpoint(
  { access: "team", permission: "request.create", params: { id: { uuid: "The request" } } },
  async ({ db, actor, params }) => ({
    status: (await cancelRequest(db, actor, params.id)).status,
  }),
);
