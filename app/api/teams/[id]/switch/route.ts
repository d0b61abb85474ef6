// POST /api/teams/:id/switch – act in another of my teams (a team I am not in is a 404)
import { cookies } from "next/headers";
import { openRoute } from "@/lib/api/open-route";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { TEAM_COOKIE } from "@/lib/auth/session";
import { uuidOrNotFound } from "@/lib/teams/ids";
import { switchTeam } from "@/lib/teams/switch-team";

export const POST = openRoute({ access: "signed-in" }, async ({ caller, params }) => {
  const { teamId } = await switchTeam(await getDb(), caller.user.id, uuidOrNotFound(params.id ?? "", "That team"));
  (await cookies()).set(TEAM_COOKIE, teamId, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().KEYWARD_URL.startsWith("https:"),
    path: "/",
    maxAge: 365 * 24 * 3600,
  });
  return { teamId };
});
