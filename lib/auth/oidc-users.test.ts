import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { auditEvents, memberships, teams, users } from "@/lib/db/schema";
import { OidcSignInError, resolveOidcUser, type OidcIdentity } from "./oidc-users";

// Mapping an SSO identity to a user, on every engine: by subject, by verified e-mail only, else a new user.

const ISSUER = "https://idp.example.test";

describe.each(databaseEngines())("resolveOidcUser on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let teamId: string;
  const domain = `team-${randomUUID().slice(0, 6)}.test`;

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const [team] = await db.insert(teams).values({ name: "Mapped team", ssoEmailDomain: domain }).returning();
    teamId = team!.id;
  });
  afterAll(() => handle?.close());

  function identity(over: Partial<OidcIdentity> = {}): OidcIdentity {
    const id = randomUUID().slice(0, 8);
    return {
      issuer: ISSUER,
      subject: `sub-${id}`,
      email: `person-${id}@elsewhere.test`,
      emailVerified: true,
      name: "Pat Example",
      ...over,
    };
  }

  async function teamsOf(userId: string) {
    return db
      .select({ teamId: memberships.teamId, role: memberships.role })
      .from(memberships)
      .where(eq(memberships.userId, userId));
  }

  it("creates a passwordless user in no team on first sign-in, then finds them by subject even after an e-mail change", async () => {
    const who = identity();
    const first = await resolveOidcUser(db, who);
    expect(first).toMatchObject({ via: "created", joinedTeamId: null });
    const [row] = await db.select().from(users).where(eq(users.id, first.id));
    expect(row).toMatchObject({ email: who.email, passwordHash: null, oidcIssuer: ISSUER, oidcSubject: who.subject });
    expect(await teamsOf(first.id)).toEqual([]);

    const again = await resolveOidcUser(db, { ...who, email: "renamed@elsewhere.test" });
    expect(again).toMatchObject({ id: first.id, via: "subject" });
  });

  it("puts a new user whose verified e-mail is in a team's SSO domain into that team as member, audited", async () => {
    const first = await resolveOidcUser(
      db,
      identity({ email: `dana-${randomUUID().slice(0, 4)}@${domain.toUpperCase()}` }),
    );
    expect(first).toMatchObject({ via: "created", joinedTeamId: teamId });
    expect(await teamsOf(first.id)).toEqual([{ teamId, role: "member" }]);
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "team.member.add"), eq(auditEvents.targetId, first.id)));
    expect(event).toMatchObject({ teamId, outcome: "success", actorId: first.id });
  });

  it("does not place an unverified e-mail in the domain's team", async () => {
    const first = await resolveOidcUser(
      db,
      identity({ email: `eve-${randomUUID().slice(0, 4)}@${domain}`, emailVerified: false }),
    );
    expect(first.joinedTeamId).toBeNull();
    expect(await teamsOf(first.id)).toEqual([]);
  });

  it("links an existing local account by e-mail only when the provider verified it", async () => {
    const email = `local-${randomUUID().slice(0, 8)}@example.com`;
    const [local] = await db
      .insert(users)
      .values({ email, name: "Local", passwordHash: "argon2-placeholder" })
      .returning();

    await expect(resolveOidcUser(db, identity({ email, emailVerified: false }))).rejects.toBeInstanceOf(
      OidcSignInError,
    );
    const [untouched] = await db.select().from(users).where(eq(users.id, local!.id));
    expect(untouched!.oidcSubject).toBeNull();

    const who = identity({ email: email.toUpperCase() });
    const linked = await resolveOidcUser(db, who);
    expect(linked).toMatchObject({ id: local!.id, via: "email" });
    const [row] = await db.select().from(users).where(eq(users.id, local!.id));
    expect(row).toMatchObject({ oidcIssuer: ISSUER, oidcSubject: who.subject, passwordHash: "argon2-placeholder" });
  });

  it("never re-binds an account already linked to another SSO identity", async () => {
    const owner = identity();
    await resolveOidcUser(db, owner);
    await expect(resolveOidcUser(db, identity({ email: owner.email }))).rejects.toBeInstanceOf(OidcSignInError);
  });

  it("refuses an identity without an e-mail address", async () => {
    await expect(resolveOidcUser(db, identity({ email: null }))).rejects.toThrow("did not send an e-mail");
  });
});
