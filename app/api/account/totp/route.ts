// POST /api/account/totp – start setting up an authenticator app (secret and QR code, shown once)
// DELETE /api/account/totp – remove the authenticator app
import { endpoint } from "@/lib/api/endpoint";
import { removeTotp, startTotpEnrolment } from "@/lib/auth/factors/totp";
import { qrCodePath } from "@/lib/account/qr-code";

export const POST = endpoint(
  { access: "signed-in", permission: "account.factors.manage", duringFactorEnrolment: true },
  async ({ db, caller }) => {
    const { secret, uri } = await startTotpEnrolment(db, caller.user);
    return { secret, qr: await qrCodePath(uri) };
  },
);

export const DELETE = endpoint(
  { access: "signed-in", permission: "account.factors.manage", duringFactorEnrolment: true },
  async ({ db, caller }) => {
    await removeTotp(db, caller.user);
    return { ok: true };
  },
);
