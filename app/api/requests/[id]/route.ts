// GET /api/requests/:id – one request (the requester's own, or any with request.read.all)
import { endpoint } from "@/lib/api/endpoint";
import { can } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { getRequestView } from "@/lib/requests/queries";

export const GET = endpoint(
  { access: "team", permission: "request.create", params: { id: { uuid: "The request" } } },
  async ({ db, actor, params }) => {
    const view = await getRequestView(db, actor.team.id, params.id);
    if (!view || (view.requesterId !== actor.user.id && !can(actor.team.role, "request.read.all")))
      throw notFound("The request");
    return { request: view };
  },
);
