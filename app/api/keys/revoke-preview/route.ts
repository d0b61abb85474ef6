// GET /api/keys/revoke-preview?<the list's filters> – the live keys a bulk revoke of that filter would revoke (a read)
import { endpoint } from "@/lib/api/endpoint";
import { parseKeyFilter } from "@/lib/keys/list-query";
import { previewBulkRevoke } from "@/lib/keys/lifecycle/bulk-revoke";

export const GET = endpoint({ access: "team", permission: "key.read" }, async ({ db, actor, viewer, req }) =>
  previewBulkRevoke(db, actor.team.id, viewer, parseKeyFilter(req.nextUrl.searchParams)),
);
