import { and, eq, isNull, sql } from "drizzle-orm";
import { inTransaction } from "@/lib/db/transaction";
import type { Db } from "@/lib/db/client";
import { memberships, teams, users } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";

/** What the OpenID provider asserted about the person signing in (from the verified ID token). */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  email?: string | null;
  /** Only a provider's explicit `email_verified: true` lets an e-mail link to an existing account. */
  emailVerified: boolean;
  name?: string | null;
}

export interface OidcUser {
  id: string;
  email: string;
  /** How the identity was matched: an earlier SSO sign-in, a verified e-mail, or a new account. */
  via: "subject" | "email" | "created";
  /** The team a new user joined through its SSO e-mail domain, if any. */
  joinedTeamId: string | null;
}

/** Why an SSO sign-in was refused; the code travels in the sign-in page's address, the sentence is shown. */
export const OIDC_SIGN_IN_REFUSALS = {
  sso_incomplete: "The identity provider sent an incomplete sign-in.",
  sso_no_email: "The identity provider did not send an e-mail address.",
  sso_email_taken: "An account with this e-mail already exists. Sign in with its password, or ask an admin to link it.",
  sso_link_race: "This account was just linked to another sign-in. Try again.",
} as const;
export type OidcRefusal = keyof typeof OIDC_SIGN_IN_REFUSALS;

export class OidcSignInError extends Error {
  constructor(readonly code: OidcRefusal) {
    super(OIDC_SIGN_IN_REFUSALS[code]);
  }
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

/**
 * Maps an SSO identity to a Keyward user: by (issuer, subject) first; else by e-mail, but only
 * when the provider vouches for it (a provider that lets people type any address must not take
 * over a local account); else a new user with no password. A new user whose e-mail domain is a
 * team's SSO domain joins that team as a member; anyone else starts in no team until an admin adds them.
 */
export async function resolveOidcUser(db: Db, identity: OidcIdentity): Promise<OidcUser> {
  return inTransaction(db, async (tx) => {
    const [known] = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(and(eq(users.oidcIssuer, identity.issuer), eq(users.oidcSubject, identity.subject)))
      .limit(1);
    if (known) return { ...known, via: "subject" as const, joinedTeamId: null };

    const email = identity.email?.trim();
    if (!email || !email.includes("@")) throw new OidcSignInError("sso_no_email");

    const [sameEmail] = await tx
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
      .limit(1);
    if (sameEmail) {
      // An account already bound to another SSO identity is never re-bound by e-mail.
      if (!identity.emailVerified || sameEmail.oidcSubject !== null) {
        throw new OidcSignInError("sso_email_taken");
      }
      const [linked] = await tx
        .update(users)
        .set({ oidcIssuer: identity.issuer, oidcSubject: identity.subject })
        .where(and(eq(users.id, sameEmail.id), isNull(users.oidcSubject)))
        .returning({ id: users.id, email: users.email });
      if (!linked) throw new OidcSignInError("sso_link_race");
      await recordAudit(tx, {
        actor: linked,
        action: "auth.sso.link",
        target: { type: "user", id: linked.id },
        outcome: "success",
        detail: { issuer: identity.issuer },
      });
      return { ...linked, via: "email" as const, joinedTeamId: null };
    }

    const [created] = await tx
      .insert(users)
      .values({
        email,
        name: identity.name?.trim() || email,
        passwordHash: null,
        oidcIssuer: identity.issuer,
        oidcSubject: identity.subject,
      })
      .returning({ id: users.id, email: users.email });
    await recordAudit(tx, {
      actor: created!,
      action: "user.create",
      target: { type: "user", id: created!.id },
      outcome: "success",
      detail: { via: "sso", issuer: identity.issuer },
    });

    // Only a verified address may place someone in a team.
    const [team] = identity.emailVerified
      ? await tx
          .select({ id: teams.id })
          .from(teams)
          .where(sql`lower(${teams.ssoEmailDomain}) = ${domainOf(email)}`)
          .orderBy(teams.createdAt)
          .limit(1)
      : [];
    if (team) {
      await tx.insert(memberships).values({ teamId: team.id, userId: created!.id, role: "member" });
      await recordAudit(tx, {
        teamId: team.id,
        actor: created!,
        action: "team.member.add",
        target: { type: "user", id: created!.id },
        outcome: "success",
        detail: { role: "member", via: "sso_email_domain", domain: domainOf(email) },
      });
    }
    return { ...created!, via: "created" as const, joinedTeamId: team?.id ?? null };
  });
}
