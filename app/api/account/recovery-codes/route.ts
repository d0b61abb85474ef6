// POST /api/account/recovery-codes – replace the recovery codes with ten new ones (shown once)
import { endpoint } from "@/lib/api/endpoint";
import { conflict } from "@/lib/errors";
import { hasSecondFactor } from "@/lib/auth/factors/factors";
import { regenerateRecoveryCodes } from "@/lib/auth/factors/recovery-codes";

export const POST = endpoint({ access: "signed-in", permission: "account.factors.manage" }, async ({ db, caller }) => {
  if (!(await hasSecondFactor(db, caller.user.id)))
    throw conflict("Recovery codes come with a second factor: add a passkey or an authenticator app first.");
  return { recoveryCodes: await regenerateRecoveryCodes(db, caller.user) };
});
