// GET /api/requests – my requests (?all=1: the team's, with request.read.all); POST – request a key
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { forbidden } from "@/lib/errors";
import { requestBodySchema } from "@/lib/requests/request-input";
import { createRequest } from "@/lib/issuance/file";
import { getRequestView, listRequests } from "@/lib/requests/queries";

export const GET = route({ permission: "team.read" }, async ({ caller, req }) => {
  const all = req.nextUrl.searchParams.get("all") === "1";
  if (all && !can(caller.team.role, "request.read.all"))
    throw forbidden(`Your role (${caller.team.role}) sees only its own requests.`);
  return { requests: await listRequests(await getDb(), caller.team.id, all ? {} : { requesterId: caller.user.id }) };
});

export const POST = route({ permission: "request.create", body: requestBodySchema }, async ({ caller, body }) => {
  const db = await getDb();
  const created = await createRequest(db, caller, body);
  return { request: await getRequestView(db, caller.team.id, created.id) };
});
