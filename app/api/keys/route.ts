// GET /api/keys – the team's issued keys; POST – mint a key and return its secret, once
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { directIssueBodySchema } from "@/lib/requests/request-input";
import { issueKey } from "@/lib/keys/issue-key";
import { listKeys } from "@/lib/keys/queries";

export const GET = route({ permission: "key.read" }, async ({ caller }) => ({ keys: await listKeys(await getDb(), caller.team.id) }));

export const POST = route({ permission: "key.issue", body: directIssueBodySchema, sudo: true }, async ({ caller, body }) => {
  return await issueKey(await getDb(), caller, body);
});
