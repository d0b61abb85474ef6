// GET /api/team/members – the current team's members; POST – a sign-up link locked to an e-mail (shown once)
import { endpoint } from "@/lib/api/endpoint";
import { createAccountBodySchema } from "@/lib/teams/input";
import { createAccountLink } from "@/lib/teams/create-account";
import { listMembers } from "@/lib/teams/queries";

export const GET = endpoint({ access: "team", permission: "team.read" }, async ({ db, actor }) => ({
  members: await listMembers(db, actor.team.id),
}));

export const POST = endpoint(
  { access: "team", permission: "team.manage", body: createAccountBodySchema },
  async ({ db, actor, body }) => {
    // The same answer whether or not the e-mail has an account elsewhere; the link is in this one
    // no-store response and nowhere else (only its hash is stored).
    const invite = await createAccountLink(db, actor, body);
    return { invite: { ...invite, path: `/invite/${invite.token}` } };
  },
);
