// GET /api/invites/:token – what an invite link offers (works signed out); 404 unknown, 410 expired/used/revoked
import { endpoint } from "@/lib/api/endpoint";
import { findOpenInvite } from "@/lib/teams/find-invite";

export const GET = endpoint({ access: "public", params: { token: "text" } }, async ({ db, params }) => {
  const invite = await findOpenInvite(db, params.token);
  return {
    invite: {
      teamName: invite.teamName,
      role: invite.role,
      email: invite.email,
      expiresAt: invite.expiresAt.toISOString(),
    },
  };
});
