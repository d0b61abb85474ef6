// POST /api/keys/:id/deactivate – switch the key off on the vendor; it can be activated again
import { endpoint } from "@/lib/api/endpoint";
import { getKey } from "@/lib/keys/queries";
import { deactivateKey } from "@/lib/keys/lifecycle/toggle";

export const POST = endpoint(
  { access: "team", permission: "key.manage", params: { id: { uuid: "The key" } } },
  async ({ db, actor, params }) => {
    await deactivateKey(db, actor, params.id);
    return { key: await getKey(db, actor.team.id, params.id) };
  },
);
