// DELETE /api/webhooks/:id – remove an endpoint and its waiting deliveries
import { endpoint } from "@/lib/api/endpoint";
import { deleteWebhook } from "@/lib/notify/webhooks";

export const DELETE = endpoint(
  { access: "team", permission: "integration.manage", params: { id: { uuid: "That webhook" } } },
  async ({ db, actor, params }) => {
    await deleteWebhook(db, actor, params.id);
    return { ok: true };
  },
);
