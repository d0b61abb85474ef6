import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { oidcSettings } from "@/lib/env";

/** How a user can confirm sudo mode: their password, SSO re-authentication (labelled with the provider's name), or both. */
export interface SudoMethods {
  password: boolean;
  sso: string | null;
}

export async function sudoMethods(userId: string): Promise<SudoMethods> {
  const db = await getDb();
  const [row] = await db
    .select({ passwordHash: users.passwordHash, oidcSubject: users.oidcSubject })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  const sso = oidcSettings();
  return { password: Boolean(row?.passwordHash), sso: sso && row?.oidcSubject ? sso.name : null };
}

export async function hasOidcIdentity(userId: string): Promise<boolean> {
  return (await sudoMethods(userId)).sso !== null;
}
