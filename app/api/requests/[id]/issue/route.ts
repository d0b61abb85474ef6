// POST /api/requests/:id/issue – the requester mints the approved key and receives its secret, once
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { issueFromRequest } from "@/lib/issuance/issue";
import { parseIdempotencyKey } from "@/lib/issuance/attempts";

export const POST = route({ permission: "request.issue" }, async ({ caller, params, req }) =>
  issueFromRequest(await getDb(), caller, params.id!, {
    idempotencyKey: parseIdempotencyKey(req.headers.get("idempotency-key")),
  }),
);
