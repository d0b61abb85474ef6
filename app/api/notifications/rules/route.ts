// PUT /api/notifications/rules – which events reach whom over which channel, and the reminder days
import { endpoint } from "@/lib/api/endpoint";
import { rulesBodySchema, saveTeamRules } from "@/lib/notify/rules";

export const PUT = endpoint(
  { access: "team", permission: "notify.manage", body: rulesBodySchema },
  async ({ db, actor, body }) => ({ rules: await saveTeamRules(db, actor, body) }),
);
