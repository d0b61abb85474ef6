// POST /api/teams/:id/switch – act in another of my teams (a team I am not in is a 404)
import { cookies } from "next/headers";
import { endpoint } from "@/lib/api/endpoint";
import { env } from "@/lib/env";
import { TEAM_COOKIE } from "@/lib/auth/session";
import { switchTeam } from "@/lib/teams/switch-team";

export const POST = endpoint(
  { access: "signed-in", params: { id: { uuid: "That team" } } },
  async ({ db, caller, params }) => {
    const { teamId } = await switchTeam(db, caller.user.id, params.id);
    (await cookies()).set(TEAM_COOKIE, teamId, {
      httpOnly: true,
      sameSite: "lax",
      secure: env().KEYWARD_URL.startsWith("https:"),
      path: "/",
      maxAge: 365 * 24 * 3600,
    });
    return { teamId };
  },
);
