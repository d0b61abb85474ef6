import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { oidcSettings } from "@/lib/env";
import { factorsOf } from "./factors/factors";

/**
 * How a user can confirm sudo mode: their password, SSO re-authentication (labelled with the
 * provider's name), a passkey; `totp` says the password needs the authenticator app's code too.
 */
export interface SudoMethods {
  password: boolean;
  sso: string | null;
  passkey: boolean;
  totp: boolean;
}

export async function sudoMethods(userId: string): Promise<SudoMethods> {
  const db = await getDb();
  const [row] = await db
    .select({ passwordHash: users.passwordHash, oidcSubject: users.oidcSubject })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  const sso = oidcSettings();
  const factors = await factorsOf(db, userId);
  // With only passkeys, the password is no way on its own (see lib/auth/sudo-confirm.ts).
  const password = Boolean(row?.passwordHash) && (factors.totp || factors.passkeys === 0);
  return {
    password,
    sso: sso && row?.oidcSubject ? sso.name : null,
    passkey: factors.passkeys > 0,
    totp: factors.totp,
  };
}

export async function hasOidcIdentity(userId: string): Promise<boolean> {
  return (await sudoMethods(userId)).sso !== null;
}
