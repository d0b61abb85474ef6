// POST /api/keys/:id/revoke – revoke on the vendor, or mark "retire by hand" where it cannot
import { endpoint } from "@/lib/api/endpoint";
import { getKey } from "@/lib/keys/queries";
import { revokeKey } from "@/lib/keys/lifecycle/revoke";

export const POST = endpoint(
  { access: "team", permission: "key.manage", params: { id: { uuid: "The key" } } },
  async ({ db, actor, params }) => {
    const outcome = await revokeKey(db, actor, params.id);
    return { outcome, key: await getKey(db, actor.team.id, params.id) };
  },
);
