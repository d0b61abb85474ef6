// POST /api/auth/sudo/passkey-options – a challenge for confirming sudo mode with a passkey
import { endpoint } from "@/lib/api/endpoint";
import { conflict } from "@/lib/errors";
import { passkeyAuthenticationOptions } from "@/lib/auth/factors/passkeys";

export const POST = endpoint({ access: "signed-in", duringFactorEnrolment: true }, async ({ db, caller }) => {
  const options = await passkeyAuthenticationOptions(db, caller.user.id, "sudo");
  if (!options) throw conflict("Your account has no passkey. Confirm with your password instead.");
  return { options };
});
