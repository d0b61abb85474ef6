// POST /api/requests/:id/issue – the requester mints the approved key and receives its secret, once
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { issueFromRequest } from "@/lib/issuance/issue";
import { parseIdempotencyKey } from "@/lib/issuance/attempts";
import { issueWatched } from "@/lib/issuance/watched";
import { wantsProgress } from "@/lib/api/progress-stream";

// Accept: application/x-ndjson streams the mint's steps before the same answer (lib/api/progress-stream.ts).
export const POST = route({ permission: "request.issue" }, async ({ caller, params, req }) => {
  const db = await getDb();
  const idempotencyKey = parseIdempotencyKey(req.headers.get("idempotency-key"));
  if (!wantsProgress(req)) return await issueFromRequest(db, caller, params.id!, { idempotencyKey });
  return await issueWatched(req, db, caller, (delivery) =>
    issueFromRequest(db, caller, params.id!, { idempotencyKey, delivery }),
  );
});
