// POST /api/account/totp/confirm – the first code from the app: the authenticator app counts from now
import { endpoint } from "@/lib/api/endpoint";
import { totpCodeBodySchema } from "@/lib/account/factor-input";
import { confirmTotp } from "@/lib/auth/factors/totp";

export const POST = endpoint(
  {
    access: "signed-in",
    permission: "account.factors.manage",
    duringFactorEnrolment: true,
    body: totpCodeBodySchema,
  },
  async ({ db, caller, body }) => {
    return { recoveryCodes: await confirmTotp(db, caller.user, body.code) };
  },
);
