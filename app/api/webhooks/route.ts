// GET /api/webhooks – the team's webhook endpoints; POST – add one (its signing secret is shown once)
import { endpoint } from "@/lib/api/endpoint";
import { createWebhook, createWebhookBodySchema, listWebhooks } from "@/lib/notify/webhooks";

export const GET = endpoint({ access: "team", permission: "notify.read" }, async ({ db, actor }) => ({
  webhooks: await listWebhooks(db, actor.team.id),
}));

export const POST = endpoint(
  { access: "team", permission: "integration.manage", body: createWebhookBodySchema },
  async ({ db, actor, body }) => createWebhook(db, actor, body),
);
