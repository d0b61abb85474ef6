// POST /api/requests/:id/issue – the requester mints the approved key and receives its secret, once
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { issueFromRequest } from "@/lib/requests/issue-request";

export const POST = route({ permission: "request.issue" }, async ({ caller, params }) => issueFromRequest(await getDb(), caller, params.id!));
