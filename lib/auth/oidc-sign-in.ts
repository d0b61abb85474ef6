import "server-only";
import { cookies } from "next/headers";
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

const OIDC_PROVIDER_ID = "oidc";
/** Where the sudo popup lands after the provider; it tells the console window how it went. */
const SUDO_SSO_DONE_PATH = "/sudo/sso/done";

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

/**
 * Whether this provider round trip was started by the sudo popup (its callbackUrl is the done
 * page), so an abandoned popup's mark cannot hijack a later, ordinary sign-in in the same browser.
 */
async function startedBySudoPopup(): Promise<boolean> {
  const jar = await cookies();
  const raw = jar.get("__Secure-next-auth.callback-url")?.value ?? jar.get("next-auth.callback-url")?.value;
  if (!raw) return false;
  try {
    return new URL(raw, "http://keyward.invalid").pathname === SUDO_SSO_DONE_PATH;
  } catch {
    return false;
  }
}

function denied(code: OidcRefusal): string {
  return `/login?error=${code}`;
}

/**
 * next-auth's signIn callback for SSO. Maps the identity to a Keyward user (the session then
 * carries only that user's id). When the popup of a sudo re-authentication is pending, this
 * is instead the check of that re-authentication: same user, authenticated within two minutes.
 */
export async function oidcSignIn(
  user: User,
  account: Account | null,
  profile: Profile | undefined,
): Promise<boolean | string> {
  if (account?.provider !== OIDC_PROVIDER_ID) return true;
  const claims = profile as IdTokenClaims | undefined;
  if (!claims?.sub || !claims.iss) return denied("sso_incomplete");
  const db = await getDb();

  if (await startedBySudoPopup()) {
    // Never an ordinary sign-in from the popup: it must not replace the console window's session.
    const reauthFor = await takeSsoReauth();
    if (!reauthFor) return `${SUDO_SSO_DONE_PATH}?error=expired`;
    const [me] = await db
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(and(eq(users.id, reauthFor), eq(users.oidcIssuer, claims.iss), eq(users.oidcSubject, claims.sub)))
      .limit(1);
    // Returning a path ends the flow there without touching the console window's session.
    const refusal = !me ? "other_account" : !authenticatedRecently(claims.auth_time) ? "not_recent" : null;
    if (!me || refusal) {
      const [asker] = await db
        .select({ id: users.id, email: users.email })
        .from(users)
        .where(eq(users.id, reauthFor))
        .limit(1);
      await recordAuditAlone(db, {
        actor: asker ?? null,
        action: "auth.sudo",
        outcome: "denied",
        detail: { method: "sso", reason: refusal },
      });
      return `${SUDO_SSO_DONE_PATH}?error=${refusal}`;
    }
    await stampSudo(me.id);
    await recordAuditAlone(db, { actor: me, action: "auth.sudo", outcome: "success", detail: { method: "sso" } });
    // The session stays as it was; the popup only reports. (The done page cannot read the sudo
    // cookie itself: it is SameSite=Strict and this redirect chain started at the provider.)
    return `${SUDO_SSO_DONE_PATH}?result=ok`;
  }

  try {
    const mapped = await resolveOidcUser(db, {
      issuer: claims.iss,
      subject: claims.sub,
      email: claims.email,
      emailVerified: claims.email_verified === true || claims.email_verified === "true",
      name: claims.name,
    });
    await recordAuditAlone(db, {
      actor: mapped,
      action: "auth.login",
      outcome: "success",
      detail: { method: "sso", via: mapped.via },
    });
    // Only a provider that says it authenticated the person just now opens the sudo window: a
    // sign-in that rode on an old provider session proves nothing recent.
    if (authenticatedRecently(claims.auth_time)) await stampSudo(mapped.id);
    user.id = mapped.id;
    return true;
  } catch (err) {
    if (err instanceof OidcSignInError) return denied(err.code);
    throw err;
  }
}
