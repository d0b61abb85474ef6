// POST /api/account/passkeys – register a passkey (the browser's answer to the challenge) under a name
import { endpoint } from "@/lib/api/endpoint";
import { registerPasskeyBodySchema } from "@/lib/account/factor-input";
import { registerPasskey } from "@/lib/auth/factors/passkeys";

export const POST = endpoint(
  {
    access: "signed-in",
    permission: "account.factors.manage",
    duringFactorEnrolment: true,
    body: registerPasskeyBodySchema,
  },
  async ({ db, caller, body }) => {
    return await registerPasskey(db, caller.user, body);
  },
);
