// GET /api/keys – one page of the team's keys (filters, sort, keyset cursor); POST – mint a key and return its secret, once
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { directIssueBodySchema } from "@/lib/requests/request-input";
import { issueKey } from "@/lib/issuance/issue";
import { parseIdempotencyKey } from "@/lib/issuance/attempts";
import { issueWatched } from "@/lib/issuance/watched";
import { wantsProgress } from "@/lib/api/progress-stream";
import { listKeyPage } from "@/lib/keys/list-keys";
import { parseKeyListQuery } from "@/lib/keys/list-query";

export const GET = route({ permission: "key.read" }, async ({ caller, req }) => {
  const query = parseKeyListQuery(req.nextUrl.searchParams);
  return await listKeyPage(
    await getDb(),
    caller.team.id,
    { userId: caller.user.id, seesAll: can(caller.team.role, "key.read.all") },
    query,
  );
});

// An Idempotency-Key header makes a repeat of the same submission answer 409 with the first one's outcome.
// Accept: application/x-ndjson streams the mint's steps before the same answer (lib/api/progress-stream.ts).
export const POST = route({ permission: "key.issue", body: directIssueBodySchema }, async ({ caller, body, req }) => {
  const db = await getDb();
  const idempotencyKey = parseIdempotencyKey(req.headers.get("idempotency-key"));
  if (!wantsProgress(req)) return await issueKey(db, caller, body, { idempotencyKey });
  return await issueWatched(req, db, caller, (delivery) => issueKey(db, caller, body, { idempotencyKey, delivery }));
});
