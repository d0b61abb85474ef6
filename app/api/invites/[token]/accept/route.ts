// POST /api/invites/:token/accept – the signed-in user joins the invite's team
import { openRoute } from "@/lib/api/open-route";
import { getDb } from "@/lib/db";
import { acceptInvite } from "@/lib/teams/accept-invite";

export const POST = openRoute({ access: "signed-in" }, async ({ caller, params }) => {
  return { team: await acceptInvite(await getDb(), caller.user, params.token ?? "") };
});
