// POST /api/requests/:id/approve – approve a pending request, optionally with a shorter expiry
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { approveBodySchema } from "@/lib/requests/request-input";
import { approveRequest } from "@/lib/requests/decide";

export const POST = route(
  { permission: "request.decide", body: approveBodySchema },
  async ({ caller, params, body }) => ({
    status: (await approveRequest(await getDb(), caller, params.id!, body)).status,
  }),
);
