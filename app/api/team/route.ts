// GET /api/team – the current team: its settings and my role there
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { getTeamSettings } from "@/lib/teams/queries";

export const GET = route({ permission: "team.read" }, async ({ caller }) => ({
  team: await getTeamSettings(await getDb(), caller.team.id),
  role: caller.team.role,
}));
