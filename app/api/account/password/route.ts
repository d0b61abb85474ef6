// POST /api/account/password – replace my password (the way out of a one-time password)
import { openRoute } from "@/lib/api/open-route";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { changePasswordBodySchema } from "@/lib/teams/input";
import { changePassword } from "@/lib/account/change-password";

export const POST = openRoute(
  { access: "signed-in", body: changePasswordBodySchema, duringPasswordChange: true },
  async ({ caller, body }) => {
    const { KEYWARD_LOGIN_MAX_FAILURES, KEYWARD_LOGIN_WINDOW_MINUTES } = env();
    await changePassword(await getDb(), caller.user, body, {
      maxFailures: KEYWARD_LOGIN_MAX_FAILURES,
      windowMinutes: KEYWARD_LOGIN_WINDOW_MINUTES,
    });
    return { ok: true };
  },
);
