// POST /api/auth/sudo/sso – start an SSO re-authentication for sudo mode (the popup calls this, then goes to the provider)
import { endpoint } from "@/lib/api/endpoint";
import { oidcSettings } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hasOidcIdentity } from "@/lib/auth/sudo-methods";
import { markSsoReauth } from "@/lib/auth/sudo-sso";

export const POST = endpoint({ access: "team", permission: "team.read" }, async ({ actor }) => {
  if (!oidcSettings() || !(await hasOidcIdentity(actor.user.id))) {
    throw new AppError(
      "sso_unavailable",
      409,
      "Your account does not sign in by single sign-on; confirm your password instead.",
    );
  }
  await markSsoReauth(actor.user.id);
  return { ok: true };
});
