// GET /api/requests?page=&size=&view= – a page of my requests (?all=1: the team's, with request.read.all), with the total; POST – request a key
import { endpoint } from "@/lib/api/endpoint";
import { can } from "@/lib/auth/permissions";
import { forbidden, notFound } from "@/lib/errors";
import { requestBodySchema } from "@/lib/requests/request-input";
import { createRequest } from "@/lib/issuance/file";
import { getRequestView } from "@/lib/requests/queries";
import { listRequestPage, parseRequestListView } from "@/lib/requests/list-page";
import { parsePageQuery } from "@/lib/pagination/page-query";

export const GET = endpoint({ access: "team", permission: "team.read" }, async ({ db, actor, req }) => {
  const params = req.nextUrl.searchParams;
  const all = params.get("all") === "1";
  if (all && !can(actor.team.role, "request.read.all"))
    throw forbidden(`Your role (${actor.team.role}) sees only its own requests.`);
  const page = parsePageQuery(params);
  const view = parseRequestListView(params.get("view"));
  const { rows, ...rest } = await listRequestPage(
    db,
    actor.team.id,
    { requesterId: all ? undefined : actor.user.id, view },
    page,
  );
  return { requests: rows, ...rest };
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
