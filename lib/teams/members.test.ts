import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRowsAsText, databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { auditEvents, authFailures, memberships, passkeys, teams, users } from "@/lib/db/schema";
import { checkLogin } from "@/lib/auth/login";
import { changePassword } from "@/lib/account/change-password";
import { hashPassword } from "@/lib/auth/passwords";

import { createTeam } from "./create-team";
import { createAccountLink } from "./create-account";
import { acceptInvite, acceptInviteWithNewAccount } from "./accept-invite";
import { unlockMember } from "./unlock-member";
import { changeMemberRole } from "./change-role";
import { removeMember } from "./remove-member";
import { updateTeamSettings } from "./update-settings";
import { listMembers, listMyTeams } from "./queries";
import { switchTeam } from "./switch-team";
import { settingsBodySchema } from "./input";
import { rejection } from "@/test/support/rejection";

// Members on every engine: the last admin is protected, sign-up links reveal no accounts, one-time passwords force a change.

const policy = { maxFailures: 10, windowMinutes: 15, maxDelaySeconds: 300 };

describe.each(databaseEngines())("team members on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let admin: Actor;

  const lastEvent = async () => (await db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1))[0]!;

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const [u] = await db
      .insert(users)
      .values({ email: `boss-${randomUUID().slice(0, 8)}@example.com`, name: "Boss" })
      .returning();
    const team = await createTeam(db, { id: u!.id, email: u!.email }, "Security");
    admin = { user: { id: u!.id, email: u!.email }, team: { id: team.id, role: "admin" } };
  });
  afterAll(() => handle?.close());

  /** A member who joined through a sign-up link with their own password. */
  async function newMember(label: string): Promise<{ userId: string; email: string }> {
    const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
    const link = await createAccountLink(db, admin, { email, role: "member" });
    await acceptInviteWithNewAccount(db, link.token, { name: label, email: null, password: "their-own-password-1" });
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    return { userId: u!.id, email };
  }

  it("answers 'create account' alike for a new e-mail and one with an account elsewhere, and adds nobody", async () => {
    // Someone with an account in another team only.
    const elsewhere = await newMember("elsewhere");
    const otherTeam = await createTeam(db, { id: elsewhere.userId, email: elsewhere.email }, "Other team");
    await db.delete(memberships).where(eq(memberships.userId, elsewhere.userId));
    await db.insert(memberships).values({ teamId: otherTeam.id, userId: elsewhere.userId, role: "admin" });
    const fresh = `fresh-${randomUUID().slice(0, 8)}@example.com`;

    const forExisting = await createAccountLink(db, admin, { email: elsewhere.email.toUpperCase(), role: "member" });
    const forNew = await createAccountLink(db, admin, { email: fresh, role: "member" });
    const shape = (l: typeof forNew) => Object.keys(l).sort().join(",");
    expect(shape(forExisting)).toBe(shape(forNew));
    expect([forExisting.email, forNew.email]).toEqual([elsewhere.email, fresh]);
    // Before the change the existing e-mail was refused with 409 "account_exists"; now it gets a
    // link, and until its owner acts, nothing about the team changed.
    expect((await listMembers(db, admin.team.id)).map((m) => m.email)).not.toContain(elsewhere.email);
    expect(await db.select().from(users).where(eq(users.email, fresh))).toEqual([]);
    expect(await lastEvent()).toMatchObject({ action: "team.invite.create", detail: { email: fresh, days: 7 } });

    // The owner signs in (outside this test) and accepts: only then do they join.
    await acceptInvite(db, { id: elsewhere.userId, email: elsewhere.email }, forExisting.token);
    expect((await listMembers(db, admin.team.id)).map((m) => m.email)).toContain(elsewhere.email);

    // A member of this very team is reported: the admin sees the member list anyway.
    const again = await rejection(createAccountLink(db, admin, { email: elsewhere.email, role: "auditor" }));
    expect([again.status, again.code]).toEqual([409, "already_member"]);
  });

  it("a one-time password still signs in once and forces a change", async () => {
    // Accounts made before sign-up links carry one; their way out must keep working.
    const member = await newMember("legacy");
    await db
      .update(users)
      .set({ passwordHash: await hashPassword("one-time-password-1"), mustChangePassword: true })
      .where(eq(users.id, member.userId));
    const me = { id: member.userId, email: member.email };
    expect(
      (
        await rejection(
          changePassword(
            db,
            me,
            randomUUID(),
            { currentPassword: "wrong-password-1", newPassword: "my-own-password-99" },
            policy,
          ),
        )
      ).code,
    ).toBe("wrong_password");
    await changePassword(
      db,
      me,
      randomUUID(),
      { currentPassword: "one-time-password-1", newPassword: "my-own-password-99" },
      policy,
    );
    const [after] = await db.select().from(users).where(eq(users.id, member.userId));
    expect(after!.mustChangePassword).toBe(false);
    const signIn = { kind: "sign-in", address: null } as const;
    expect((await checkLogin(db, member.email, "one-time-password-1", policy, signIn)).ok).toBe(false);
    expect((await checkLogin(db, member.email, "my-own-password-99", policy, signIn)).ok).toBe(true);
    expect(await allRowsAsText(db)).not.toContain("my-own-password-99");
  });

  it("lets an admin lift a member's sign-in delays, audited, and only for their own team's members", async () => {
    const member = await newMember("slowed");
    const signIn = { kind: "sign-in", address: null } as const;
    for (let i = 0; i < policy.maxFailures; i++) await checkLogin(db, member.email, "wrong-password-1", policy, signIn);
    await db.update(authFailures).set({ at: sql`now()` });
    expect(await checkLogin(db, member.email, "their-own-password-1", policy, signIn)).toMatchObject({
      reason: "throttled",
    });
    expect(await unlockMember(db, admin, member.userId)).toEqual({ clearedFailures: policy.maxFailures });
    expect(await lastEvent()).toMatchObject({
      action: "team.member.unlock",
      actorId: admin.user.id,
      targetId: member.userId,
      outcome: "success",
    });
    expect((await checkLogin(db, member.email, "their-own-password-1", policy, signIn)).ok).toBe(true);

    const stranger = await db
      .insert(users)
      .values({ email: `x-${randomUUID()}@example.com`, name: "X" })
      .returning();
    expect((await rejection(unlockMember(db, admin, stranger[0]!.id))).status).toBe(404);
  });

  it("never demotes or removes the last admin (409, nothing changed), and audits role changes and removals", async () => {
    const demote = await rejection(changeMemberRole(db, admin, admin.user.id, "member"));
    expect(demote.status).toBe(409);
    expect(demote.message).toContain("last admin");
    expect(await lastEvent()).toMatchObject({
      action: "team.member.role",
      outcome: "denied",
      actorId: admin.user.id,
      targetId: admin.user.id,
      detail: { reason: "conflict" },
    });
    expect((await rejection(removeMember(db, admin, admin.user.id))).status).toBe(409);
    expect((await listMembers(db, admin.team.id)).find((m) => m.userId === admin.user.id)?.role).toBe("admin");

    const second = await newMember("second");
    await changeMemberRole(db, admin, second.userId, "admin");
    expect(await lastEvent()).toMatchObject({
      action: "team.member.role",
      actorId: admin.user.id,
      targetId: second.userId,
      detail: { from: "member", to: "admin" },
    });
    // With two admins, one may step down; then the other is the last again.
    await changeMemberRole(db, admin, admin.user.id, "auditor");
    const secondActor: Actor = { user: { id: second.userId, email: second.email }, team: admin.team };
    expect((await rejection(removeMember(db, secondActor, second.userId))).status).toBe(409);
    await changeMemberRole(db, secondActor, admin.user.id, "admin");

    await removeMember(db, admin, second.userId);
    expect(await lastEvent()).toMatchObject({
      action: "team.member.remove",
      targetId: second.userId,
      detail: { role: "admin" },
    });
    expect(await listMyTeams(db, second.userId)).toEqual([]);
    expect((await rejection(removeMember(db, admin, second.userId))).status).toBe(404);
    expect((await rejection(changeMemberRole(db, admin, "not-a-uuid", "member"))).status).toBe(404);
  });

  it("another team's member is a 404, and switching to a team you are not in is a 404", async () => {
    const [u] = await db
      .insert(users)
      .values({ email: `other-${randomUUID().slice(0, 8)}@example.com`, name: "Other" })
      .returning();
    const otherTeam = await createTeam(db, { id: u!.id, email: u!.email }, "Other team");
    const before = await db.$count(memberships);
    expect((await rejection(removeMember(db, admin, u!.id))).status).toBe(404);
    expect((await rejection(changeMemberRole(db, admin, u!.id, "auditor"))).status).toBe(404);
    expect(await db.$count(memberships)).toBe(before);
    expect((await rejection(switchTeam(db, admin.user.id, otherTeam.id))).status).toBe(404);
    expect(await switchTeam(db, u!.id, otherTeam.id)).toEqual({ teamId: otherTeam.id });
  });

  it("saves settings within bounds and records what changed", async () => {
    expect(settingsBodySchema.safeParse({ selfApproval: true, approvalWindowMinutes: 10081 }).success).toBe(false);
    expect(settingsBodySchema.safeParse({ selfApproval: true, approvalWindowMinutes: 0 }).success).toBe(false);
    expect(
      settingsBodySchema.safeParse({ selfApproval: true, approvalWindowMinutes: 8, ssoEmailDomain: "@bad" }).success,
    ).toBe(false);
    const body = settingsBodySchema.parse({
      selfApproval: true,
      approvalWindowMinutes: 2880,
      ssoEmailDomain: "Example.COM",
    });
    await updateTeamSettings(db, admin, body);
    const [t] = await db.select().from(teams).where(eq(teams.id, admin.team.id));
    expect(t).toMatchObject({ selfApproval: true, approvalWindowMinutes: 2880, ssoEmailDomain: "example.com" });
    expect((await lastEvent()).detail).toEqual({
      changes: [
        { field: "selfApproval", from: false, to: true },
        { field: "approvalWindowMinutes", from: 1440, to: 2880 },
        { field: "ssoEmailDomain", from: null, to: "example.com" },
      ],
    });
  });

  it("sets and clears the rotation policy, refusing periods out of bounds, and keeps it when a client leaves it out", async () => {
    const base = { selfApproval: true, approvalWindowMinutes: 2880, ssoEmailDomain: "example.com" };
    for (const bad of [0, 3651, 1.5, "soon"]) {
      const parsed = settingsBodySchema.safeParse({ ...base, rotationDays: bad });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/rotation period from 1 to 3650 days|whole number of days/);
    }
    const set = await updateTeamSettings(db, admin, settingsBodySchema.parse({ ...base, rotationDays: "90" }));
    expect(set.rotationDays).toBe(90);
    expect((await lastEvent()).detail).toEqual({ changes: [{ field: "rotationDays", from: null, to: 90 }] });
    const kept = await updateTeamSettings(db, admin, settingsBodySchema.parse(base));
    expect(kept.rotationDays).toBe(90);
    expect((await db.select().from(teams).where(eq(teams.id, admin.team.id)))[0]!.rotationDays).toBe(90);
    await updateTeamSettings(db, admin, settingsBodySchema.parse({ ...base, rotationDays: "" }));
    expect((await db.select().from(teams).where(eq(teams.id, admin.team.id)))[0]!.rotationDays).toBeNull();
    expect((await lastEvent()).detail).toEqual({ changes: [{ field: "rotationDays", from: 90, to: null }] });
  });

  it("turns the second-factor requirement on and off, and keeps it when a client leaves it out", async () => {
    const base = { selfApproval: true, approvalWindowMinutes: 2880, ssoEmailDomain: "example.com" };
    expect(settingsBodySchema.safeParse({ ...base, requireSecondFactor: "yes" }).success).toBe(false);
    // An admin without a factor of their own would lock themselves out.
    const refused = await rejection(
      updateTeamSettings(db, admin, settingsBodySchema.parse({ ...base, requireSecondFactor: true })),
    );
    expect(refused).toMatchObject({ status: 409, code: "second_factor_first" });
    await db
      .insert(passkeys)
      .values({ userId: admin.user.id, credentialId: randomUUID(), publicKey: "pk", name: "Key" });
    await updateTeamSettings(db, admin, settingsBodySchema.parse({ ...base, requireSecondFactor: true }));
    expect((await lastEvent()).detail).toEqual({ changes: [{ field: "requireSecondFactor", from: false, to: true }] });
    const kept = await updateTeamSettings(db, admin, settingsBodySchema.parse(base));
    expect(kept.requireSecondFactor).toBe(true);
    const [t] = await db.select().from(teams).where(eq(teams.id, admin.team.id));
    expect(t!.requireSecondFactor).toBe(true);
    await updateTeamSettings(db, admin, settingsBodySchema.parse({ ...base, requireSecondFactor: false }));
    expect((await lastEvent()).detail).toEqual({ changes: [{ field: "requireSecondFactor", from: true, to: false }] });
  });
});
