// POST /api/webhooks/:id/test – send a signed test delivery now and answer how the endpoint replied
import { endpoint } from "@/lib/api/endpoint";
import { sendTestDelivery } from "@/lib/notify/test-delivery";

export const POST = endpoint(
  { access: "team", permission: "integration.manage", params: { id: { uuid: "That webhook" } } },
  async ({ db, actor, params }) => ({ result: await sendTestDelivery(db, actor, params.id) }),
);
