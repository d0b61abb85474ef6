// POST /api/connections/:id/reconcile – compare the vendor's keys with the inventory now
import { endpoint } from "@/lib/api/endpoint";
import { reconcileConnection } from "@/lib/keys/lifecycle/reconcile";

export const POST = endpoint(
  { access: "team", permission: "key.manage", params: { id: { uuid: "The connection" } } },
  async ({ db, actor, params }) => ({
    summary: await reconcileConnection(db, actor, actor.team.id, params.id),
  }),
);
