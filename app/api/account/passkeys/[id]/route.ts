// PATCH /api/account/passkeys/:id – rename a passkey
// DELETE /api/account/passkeys/:id – remove a passkey
import { endpoint } from "@/lib/api/endpoint";
import { renamePasskeyBodySchema } from "@/lib/account/factor-input";
import { removePasskey, renamePasskey } from "@/lib/auth/factors/passkeys";

export const PATCH = endpoint(
  {
    access: "signed-in",
    permission: "account.security",
    duringFactorEnrolment: true,
    params: { id: { uuid: "The passkey" } },
    body: renamePasskeyBodySchema,
  },
  async ({ db, caller, params, body }) => {
    await renamePasskey(db, caller.user, params.id, body.name);
    return { ok: true };
  },
);

export const DELETE = endpoint(
  {
    access: "signed-in",
    permission: "account.factors.manage",
    duringFactorEnrolment: true,
    params: { id: { uuid: "The passkey" } },
  },
  async ({ db, caller, params }) => {
    await removePasskey(db, caller.user, params.id);
    return { ok: true };
  },
);
