import "server-only";
import type { Account, Profile, User } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import type { OidcSettings } from "@/lib/env";
import { recordAuditAlone } from "@/lib/audit/record";
import { OidcSignInError, resolveOidcUser, type OidcRefusal } from "./oidc-users";
import { authenticatedRecently, takeSsoReauth } from "./sudo-sso";
import { stampSudo } from "./sudo";

export const OIDC_PROVIDER_ID = "oidc";
/** Where the sudo popup lands after the provider; it tells the console window how it went. */
export const SUDO_SSO_DONE_PATH = "/sudo/sso/done";

interface IdTokenClaims extends Profile {
  sub: string;
  iss?: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
  auth_time?: number;
}

/** next-auth's generic OpenID Connect provider: discovery, ID token, PKCE and state. */
export function oidcProvider(settings: OidcSettings): OAuthConfig<IdTokenClaims> {
  return {
    id: OIDC_PROVIDER_ID,
    name: settings.name,
    type: "oauth",
    wellKnown: `${settings.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: "openid email profile" } },
    // The real user id is set by the signIn callback once the identity is mapped.
    profile: (claims) => ({ id: claims.sub, email: claims.email ?? null, name: claims.name ?? null }),
  };
}

function denied(code: OidcRefusal): string {
  return `/login?error=${code}`;
}

/**
 * next-auth's signIn callback for SSO. Maps the identity to a Keyward user (the session then
 * carries only that user's id). When the popup of a sudo re-authentication is pending, this
 * is instead the check of that re-authentication: same user, authenticated within two minutes.
 */
export async function oidcSignIn(user: User, account: Account | null, profile: Profile | undefined): Promise<boolean | string> {
  if (account?.provider !== OIDC_PROVIDER_ID) return true;
  const claims = profile as IdTokenClaims | undefined;
  if (!claims?.sub || !claims.iss) return denied("sso_incomplete");
  const db = await getDb();

  const reauthFor = await takeSsoReauth();
  if (reauthFor) {
    const [me] = await db
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(and(eq(users.id, reauthFor), eq(users.oidcIssuer, claims.iss), eq(users.oidcSubject, claims.sub)))
      .limit(1);
    // Returning a path ends the flow there without touching the console window's session.
    if (!me) return `${SUDO_SSO_DONE_PATH}?error=other_account`;
    if (!authenticatedRecently(claims.auth_time)) return `${SUDO_SSO_DONE_PATH}?error=not_recent`;
    await stampSudo(me.id);
    await recordAuditAlone(db, { actor: me, action: "auth.sudo", outcome: "success", detail: { method: "sso" } });
    user.id = me.id;
    return true;
  }

  try {
    const mapped = await resolveOidcUser(db, {
      issuer: claims.iss,
      subject: claims.sub,
      email: claims.email,
      emailVerified: claims.email_verified === true || claims.email_verified === "true",
      name: claims.name,
    });
    await recordAuditAlone(db, { actor: mapped, action: "auth.login", outcome: "success", detail: { method: "sso", via: mapped.via } });
    user.id = mapped.id;
    return true;
  } catch (err) {
    if (err instanceof OidcSignInError) return denied(err.code);
    throw err;
  }
}
