// POST /api/requests/:id/issue – the requester mints the approved key and receives its secret, once
import { endpoint } from "@/lib/api/endpoint";
import { issueFromRequest } from "@/lib/issuance/issue";
import { parseIdempotencyKey } from "@/lib/issuance/attempts";

export const POST = endpoint(
  { access: "team", permission: "request.issue", params: { id: { uuid: "The request" } } },
  async ({ db, actor, params, req }) =>
    issueFromRequest(db, actor, params.id, {
      idempotencyKey: parseIdempotencyKey(req.headers.get("idempotency-key")),
    }),
);
