// GET /api/team – the current team: its settings and my role there
import { endpoint } from "@/lib/api/endpoint";
import { getTeamSettings } from "@/lib/teams/queries";

export const GET = endpoint({ access: "team", permission: "team.read" }, async ({ db, actor }) => ({
  team: await getTeamSettings(db, actor.team.id),
  role: actor.team.role,
}));
