// POST /api/account/password – replace my password (the way out of a one-time password); ends my other sessions
import { endpoint } from "@/lib/api/endpoint";
import { loginPolicy } from "@/lib/auth/login-policy";
import { changePasswordBodySchema } from "@/lib/teams/input";
import { changePassword } from "@/lib/account/change-password";

export const POST = endpoint(
  { access: "signed-in", body: changePasswordBodySchema, duringPasswordChange: true, duringFactorEnrolment: true },
  async ({ db, caller, body }) => {
    await changePassword(db, caller.user, caller.sessionId, body, loginPolicy());
    return { ok: true };
  },
);
