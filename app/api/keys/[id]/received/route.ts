// POST /api/keys/:id/received – the requester's page confirms it showed the new secret
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { confirmDelivery } from "@/lib/keys/delivery";
import { uuidOrNotFound } from "@/lib/teams/ids";

export const POST = route({ permission: "key.read" }, async ({ caller, params }) =>
  confirmDelivery(await getDb(), caller, uuidOrNotFound(params.id ?? "", "That key")),
);
