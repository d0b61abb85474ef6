// PUT /api/notifications/mutes – the events I do not want to hear about in this team
import { endpoint } from "@/lib/api/endpoint";
import { mutesBodySchema, saveMutes } from "@/lib/notify/rules";

export const PUT = endpoint(
  { access: "team", permission: "team.read", body: mutesBodySchema },
  async ({ db, actor, body }) => ({ muted: await saveMutes(db, actor, body.muted) }),
);
