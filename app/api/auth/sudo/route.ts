// POST /api/auth/sudo – confirm it is you (passkey, or password plus the app's code when the account has one) to unlock sensitive actions for 10 minutes
import { endpoint } from "@/lib/api/endpoint";
import { loginPolicy } from "@/lib/auth/login-policy";
import { sudoBodySchema } from "@/lib/account/factor-input";
import { confirmSudo } from "@/lib/auth/sudo-confirm";
import { SUDO_WINDOW_MS } from "@/lib/auth/sudo";

export const POST = endpoint(
  // Signed-in rather than team: someone made to enrol a second factor confirms here before enrolling.
  { access: "signed-in", duringFactorEnrolment: true, body: sudoBodySchema },
  async ({ db, caller, body }) => {
    await confirmSudo(db, caller.user, body, loginPolicy());
    return { ok: true, validForSeconds: SUDO_WINDOW_MS / 1000 };
  },
);
