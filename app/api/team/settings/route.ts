// PUT /api/team/settings – self-approval, approval window, SSO e-mail domain
import { endpoint } from "@/lib/api/endpoint";
import { settingsBodySchema } from "@/lib/teams/input";
import { updateTeamSettings } from "@/lib/teams/update-settings";

export const PUT = endpoint(
  { access: "team", permission: "team.manage", body: settingsBodySchema },
  async ({ db, actor, body }) => {
    return { team: await updateTeamSettings(db, actor, body) };
  },
);
