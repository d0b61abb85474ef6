// POST /api/keys/:id/activate – switch a deactivated key back on at the vendor
import { endpoint } from "@/lib/api/endpoint";
import { getKey } from "@/lib/keys/queries";
import { activateKey } from "@/lib/keys/lifecycle/toggle";

export const POST = endpoint(
  { access: "team", permission: "key.manage", params: { id: { uuid: "The key" } } },
  async ({ db, actor, params }) => {
    await activateKey(db, actor, params.id);
    return { key: await getKey(db, actor.team.id, params.id) };
  },
);
