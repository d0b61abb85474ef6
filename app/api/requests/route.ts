// GET /api/requests – my requests (?all=1: the team's, with request.read.all); POST – request a key
import { endpoint } from "@/lib/api/endpoint";
import { can } from "@/lib/auth/permissions";
import { forbidden, notFound } from "@/lib/errors";
import { requestBodySchema } from "@/lib/requests/request-input";
import { createRequest } from "@/lib/issuance/file";
import { getRequestView, listRequests } from "@/lib/requests/queries";

export const GET = endpoint({ access: "team", permission: "team.read" }, async ({ db, actor, req }) => {
  const all = req.nextUrl.searchParams.get("all") === "1";
  if (all && !can(actor.team.role, "request.read.all"))
    throw forbidden(`Your role (${actor.team.role}) sees only its own requests.`);
  return { requests: await listRequests(db, actor.team.id, all ? {} : { requesterId: actor.user.id }) };
});

export const POST = endpoint(
  { access: "team", permission: "request.create", body: requestBodySchema },
  async ({ db, actor, body }) => {
    const created = await createRequest(db, actor, body);
    const request = await getRequestView(db, actor.team.id, created.id);
    if (!request) throw notFound("The new request");
    return { request };
  },
);
