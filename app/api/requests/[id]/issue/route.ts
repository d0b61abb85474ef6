// POST /api/requests/:id/issue – the requester mints the approved key and receives its secret, once
import { endpoint } from "@/lib/api/endpoint";
import { issueFromRequest } from "@/lib/issuance/issue";
import { parseIdempotencyKey } from "@/lib/issuance/attempts";
import { issueAnswer } from "@/lib/issuance/watched";

// Accept: application/x-ndjson streams the mint's steps before the same answer (lib/api/progress-stream.ts).
export const POST = endpoint(
  { access: "team", permission: "request.issue", params: { id: { uuid: "The request" } } },
  async ({ db, actor, params, req }) => {
    const idempotencyKey = parseIdempotencyKey(req.headers.get("idempotency-key"));
    return issueAnswer(req, db, actor, (delivery) =>
      issueFromRequest(db, actor, params.id, { idempotencyKey, delivery }),
    );
  },
);
