// GET /api/keys – one page of the team's keys (filters, sort, keyset cursor); POST – mint a key and return its secret, once
import { endpoint } from "@/lib/api/endpoint";
import { directIssueBodySchema } from "@/lib/requests/request-input";
import { issueKey } from "@/lib/issuance/issue";
import { parseIdempotencyKey } from "@/lib/issuance/attempts";
import { issueAnswer } from "@/lib/issuance/watched";
import { listKeyPage } from "@/lib/keys/list-keys";
import { parseKeyListQuery } from "@/lib/keys/list-query";

export const GET = endpoint({ access: "team", permission: "key.read" }, async ({ db, actor, req, viewer }) => {
  const query = parseKeyListQuery(req.nextUrl.searchParams);
  return await listKeyPage(db, actor.team.id, viewer, query);
});

// An Idempotency-Key header makes a repeat of the same submission answer 409 with the first one's outcome.
// Accept: application/x-ndjson streams the mint's steps before the same answer (lib/api/progress-stream.ts).
export const POST = endpoint(
  { access: "team", permission: "key.issue", body: directIssueBodySchema },
  async ({ db, actor, body, req }) => {
    const idempotencyKey = parseIdempotencyKey(req.headers.get("idempotency-key"));
    return issueAnswer(req, db, actor, (delivery) => issueKey(db, actor, body, { idempotencyKey, delivery }));
  },
);
