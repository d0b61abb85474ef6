// GET /api/team/members – the current team's members; POST – create a local account with a one-time password
import { endpoint } from "@/lib/api/endpoint";
import { createAccountBodySchema } from "@/lib/teams/input";
import { createLocalAccount } from "@/lib/teams/create-account";
import { listMembers } from "@/lib/teams/queries";

export const GET = endpoint({ access: "team", permission: "team.read" }, async ({ db, actor }) => ({
  members: await listMembers(db, actor.team.id),
}));

export const POST = endpoint(
  { access: "team", permission: "team.manage", body: createAccountBodySchema },
  async ({ db, actor, body }) => {
    // The initial password is in this one no-store response and nowhere else.
    return { account: await createLocalAccount(db, actor, body) };
  },
);
