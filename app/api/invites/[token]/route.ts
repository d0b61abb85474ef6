// GET /api/invites/:token – what an invite link offers (works signed out); 404 unknown, 410 expired/used/revoked
import { openRoute } from "@/lib/api/open-route";
import { getDb } from "@/lib/db";
import { findOpenInvite } from "@/lib/teams/find-invite";

export const GET = openRoute({ access: "public" }, async ({ params }) => {
  const invite = await findOpenInvite(await getDb(), params.token ?? "");
  return {
    invite: {
      teamName: invite.teamName,
      role: invite.role,
      email: invite.email,
      expiresAt: invite.expiresAt.toISOString(),
    },
  };
});
