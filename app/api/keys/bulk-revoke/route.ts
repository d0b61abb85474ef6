// POST /api/keys/bulk-revoke – revoke the previewed keys that still match the filter, each through the one revoke path
import { endpoint } from "@/lib/api/endpoint";
import { bulkRevokeBodySchema } from "@/lib/keys/lifecycle/bulk-revoke-input";
import { bulkRevoke } from "@/lib/keys/lifecycle/bulk-revoke";

export const POST = endpoint(
  { access: "team", permission: "key.manage", body: bulkRevokeBodySchema },
  async ({ db, actor, viewer, body }) => bulkRevoke(db, actor, viewer, body),
);
