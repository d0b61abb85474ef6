// POST /api/invites/:token/account – a new visitor creates a local account and joins the team
import { openRoute } from "@/lib/api/open-route";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { acceptWithAccountBodySchema } from "@/lib/teams/input";
import { acceptInviteWithNewAccount } from "@/lib/teams/accept-invite";

export const POST = openRoute(
  { access: "public", body: acceptWithAccountBodySchema },
  async ({ caller, params, body }) => {
    if (caller) throw new AppError("signed_in", 409, "You are signed in: accept the invite with your account instead.");
    const account = await acceptInviteWithNewAccount(await getDb(), params.token ?? "", body);
    return { account: { email: account.email } };
  },
);
