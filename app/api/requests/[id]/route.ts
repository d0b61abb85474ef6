// GET /api/requests/:id – one request (the requester's own, or any with request.read.all)
import { endpoint } from "@/lib/api/endpoint";
import { readRequest } from "@/lib/requests/queries";

// team.read, as the list: auditors hold request.read.all but not request.create, and must open
// what they can list; readRequest applies the row rule.
export const GET = endpoint(
  { access: "team", permission: "team.read", params: { id: { uuid: "The request" } } },
  async ({ db, actor, params }) => ({ request: await readRequest(db, actor, params.id) }),
);
