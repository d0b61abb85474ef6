// GET /api/teams – the teams I belong to; POST – start a new team (I become its admin)
import { openRoute } from "@/lib/api/open-route";
import { getDb } from "@/lib/db";
import { createTeamBodySchema } from "@/lib/teams/input";
import { createTeam } from "@/lib/teams/create-team";
import { listMyTeams } from "@/lib/teams/queries";

export const GET = openRoute({ access: "signed-in" }, async ({ caller }) => ({
  teams: await listMyTeams(await getDb(), caller.user.id),
  current: caller.team?.id ?? null,
}));

export const POST = openRoute({ access: "signed-in", body: createTeamBodySchema }, async ({ caller, body }) => {
  return { team: await createTeam(await getDb(), caller.user, body.name) };
});
