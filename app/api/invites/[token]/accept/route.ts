// POST /api/invites/:token/accept – the signed-in user joins the invite's team
import { endpoint } from "@/lib/api/endpoint";
import { acceptInvite } from "@/lib/teams/accept-invite";

export const POST = endpoint({ access: "signed-in", params: { token: "text" } }, async ({ db, caller, params }) => {
  return { team: await acceptInvite(db, caller.user, params.token) };
});
