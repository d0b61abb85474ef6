// POST /api/account/password – replace my password (the way out of a one-time password); ends my other sessions
import { endpoint } from "@/lib/api/endpoint";
import { env } from "@/lib/env";
import { changePasswordBodySchema } from "@/lib/teams/input";
import { changePassword } from "@/lib/account/change-password";

export const POST = endpoint(
  { access: "signed-in", body: changePasswordBodySchema, duringPasswordChange: true, duringFactorEnrolment: true },
  async ({ db, caller, body }) => {
    const { KEYWARD_LOGIN_MAX_FAILURES, KEYWARD_LOGIN_WINDOW_MINUTES } = env();
    await changePassword(db, caller.user, caller.sessionId, body, {
      maxFailures: KEYWARD_LOGIN_MAX_FAILURES,
      windowMinutes: KEYWARD_LOGIN_WINDOW_MINUTES,
    });
    return { ok: true };
  },
);
