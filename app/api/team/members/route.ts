// GET /api/team/members – the current team's members; POST – create a local account with a one-time password
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { createAccountBodySchema } from "@/lib/teams/input";
import { createLocalAccount } from "@/lib/teams/create-account";
import { listMembers } from "@/lib/teams/queries";

export const GET = route({ permission: "team.read" }, async ({ caller }) => ({
  members: await listMembers(await getDb(), caller.team.id),
}));

export const POST = route({ permission: "team.manage", body: createAccountBodySchema }, async ({ caller, body }) => {
  // The initial password is in this one no-store response and nowhere else.
  return { account: await createLocalAccount(await getDb(), caller, body) };
});
