// POST /api/invites/:token/account – a new visitor creates a local account and joins the team
import { endpoint } from "@/lib/api/endpoint";
import { AppError } from "@/lib/errors";
import { acceptWithAccountBodySchema } from "@/lib/teams/input";
import { acceptInviteWithNewAccount } from "@/lib/teams/accept-invite";

export const POST = endpoint(
  { access: "public", body: acceptWithAccountBodySchema, params: { token: "text" } },
  async ({ db, caller, params, body }) => {
    if (caller) throw new AppError("signed_in", 409, "You are signed in: accept the invite with your account instead.");
    const account = await acceptInviteWithNewAccount(db, params.token, body);
    return { account: { email: account.email } };
  },
);
