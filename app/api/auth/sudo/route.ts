// POST /api/auth/sudo – confirm the password to unlock sensitive actions for 10 minutes
import { z } from "zod";
import { endpoint } from "@/lib/api/endpoint";
import { AppError } from "@/lib/errors";
import { checkLogin } from "@/lib/auth/login";
import { loginPolicy } from "@/lib/auth/login-policy";
import { stampSudo, SUDO_WINDOW_MS } from "@/lib/auth/sudo";

const sudoBodySchema = z.object({ password: z.string().min(1, "Enter your password.").max(1024) });

export const POST = endpoint(
  { access: "team", permission: "team.read", body: sudoBodySchema },
  async ({ db, actor, body }) => {
    // The same check as signing in, throttled under the user's own confirmation key: sudo is no
    // side door for guessing, and failing here does not slow the account's sign-ins (or back).
    const outcome = await checkLogin(db, actor.user.email, body.password, loginPolicy(), {
      kind: "confirm",
      userId: actor.user.id,
    });
    if (!outcome.ok || outcome.user.id !== actor.user.id) {
      throw new AppError(
        "sudo_failed",
        403,
        outcome.ok
          ? "That password belongs to another account."
          : outcome.reason === "throttled"
            ? outcome.message
            : "That password is not right. Try again.",
        { password: "That password is not right." },
      );
    }
    await stampSudo(actor.user.id);
    return { ok: true, validForSeconds: SUDO_WINDOW_MS / 1000 };
  },
);
