// POST /api/keys/:id/received – the requester's page confirms it showed the new secret
import { endpoint } from "@/lib/api/endpoint";
import { confirmDelivery } from "@/lib/keys/delivery";

export const POST = endpoint(
  { access: "team", permission: "key.read", params: { id: { uuid: "The key" } } },
  async ({ db, actor, params }) => confirmDelivery(db, actor, params.id),
);
