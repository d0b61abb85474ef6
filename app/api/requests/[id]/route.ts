// GET /api/requests/:id – one request (the requester's own, or any with request.read.all)
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { getRequestView } from "@/lib/requests/queries";

export const GET = route({ permission: "request.create" }, async ({ caller, params }) => {
  const view = await getRequestView(await getDb(), caller.team.id, params.id!);
  if (!view || (view.requesterId !== caller.user.id && !can(caller.team.role, "request.read.all")))
    throw notFound("The request");
  return { request: view };
});
