// POST /api/account/passkeys/options – a registration challenge for the browser's passkey prompt
import { endpoint } from "@/lib/api/endpoint";
import { passkeyRegistrationOptions } from "@/lib/auth/factors/passkeys";

export const POST = endpoint(
  { access: "signed-in", permission: "account.factors.manage", duringFactorEnrolment: true },
  async ({ db, caller }) => {
    return { options: await passkeyRegistrationOptions(db, caller.user) };
  },
);
