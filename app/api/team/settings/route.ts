// PUT /api/team/settings – self-approval, approval window, SSO e-mail domain
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { settingsBodySchema } from "@/lib/teams/input";
import { updateTeamSettings } from "@/lib/teams/update-settings";

export const PUT = route({ permission: "team.manage", body: settingsBodySchema }, async ({ caller, body }) => {
  return { team: await updateTeamSettings(await getDb(), caller, body) };
});
