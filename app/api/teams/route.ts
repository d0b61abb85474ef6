// GET /api/teams – the teams I belong to; POST – start a new team (I become its admin)
import { endpoint } from "@/lib/api/endpoint";
import { createTeamBodySchema } from "@/lib/teams/input";
import { createTeam } from "@/lib/teams/create-team";
import { listMyTeams } from "@/lib/teams/queries";

export const GET = endpoint({ access: "signed-in" }, async ({ db, caller }) => ({
  teams: await listMyTeams(db, caller.user.id),
  current: caller.team?.id ?? null,
}));

export const POST = endpoint({ access: "signed-in", body: createTeamBodySchema }, async ({ db, caller, body }) => {
  return { team: await createTeam(db, caller.user, body.name) };
});
