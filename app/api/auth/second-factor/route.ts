// POST /api/auth/second-factor – after a right password: which second factors the account has, and a passkey challenge
import { eq } from "drizzle-orm";
import { endpoint } from "@/lib/api/endpoint";
import { AppError } from "@/lib/errors";
import { pendingSignInUser } from "@/lib/auth/pending-sign-in";
import { SIGN_IN_EXPIRED } from "@/lib/auth/second-step";
import { factorsOf } from "@/lib/auth/factors/factors";
import { passkeyAuthenticationOptions } from "@/lib/auth/factors/passkeys";
import { users } from "@/lib/db/schema";

// No sign-in in progress is the request's problem (400), not a missing session: this route is public.
const expired = () => new AppError("sign_in_expired", 400, SIGN_IN_EXPIRED);

export const POST = endpoint({ access: "public" }, async ({ db }) => {
  const userId = await pendingSignInUser();
  if (!userId) throw expired();
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw expired();
  const factors = await factorsOf(db, userId);
  return { passkey: await passkeyAuthenticationOptions(db, userId, "sign-in"), totp: factors.totp };
});
