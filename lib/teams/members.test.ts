import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRowsAsText, databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { auditEvents, memberships, passkeys, teams, users } from "@/lib/db/schema";
import { checkLogin } from "@/lib/auth/login";
import { changePassword } from "@/lib/account/change-password";

import { createTeam } from "./create-team";
import { createLocalAccount } from "./create-account";
import { changeMemberRole } from "./change-role";
import { removeMember } from "./remove-member";
import { updateTeamSettings } from "./update-settings";
import { listMembers, listMyTeams } from "./queries";
import { switchTeam } from "./switch-team";
import { settingsBodySchema } from "./input";
import { rejection } from "@/test/support/rejection";

// Members on every engine: the last admin is protected, one-time passwords work once and force a change.

const policy = { maxFailures: 10, windowMinutes: 15 };

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

  it("a one-time password signs in once, forces a change, and is stored only hashed", async () => {
    const email = `new-${randomUUID().slice(0, 8)}@example.com`;
    const account = await createLocalAccount(db, admin, { email, name: "New Person", role: "member" });
    expect(account.initialPassword.length).toBeGreaterThanOrEqual(20);
    expect(await allRowsAsText(db)).not.toContain(account.initialPassword);
    expect(await lastEvent()).toMatchObject({
      action: "team.account.create",
      actorId: admin.user.id,
      targetId: account.userId,
    });
    expect(JSON.stringify((await lastEvent()).detail)).not.toContain(account.initialPassword);

    const first = await checkLogin(db, email, account.initialPassword, policy);
    expect(first.ok).toBe(true);
    const [before] = await db.select().from(users).where(eq(users.id, account.userId));
    expect(before!.mustChangePassword).toBe(true);

    const me = { id: account.userId, email };
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
      { currentPassword: account.initialPassword, newPassword: "my-own-password-99" },
      policy,
    );
    const [after] = await db.select().from(users).where(eq(users.id, account.userId));
    expect(after!.mustChangePassword).toBe(false);
    expect((await checkLogin(db, email, account.initialPassword, policy)).ok).toBe(false);
    expect((await checkLogin(db, email, "my-own-password-99", policy)).ok).toBe(true);

    const dup = await rejection(
      createLocalAccount(db, admin, { email: email.toUpperCase(), name: "Dup", role: "member" }),
    );
    expect(dup.status).toBe(409);
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

    const second = await createLocalAccount(db, admin, {
      email: `second-${randomUUID().slice(0, 8)}@example.com`,
      name: "Second",
      role: "member",
    });
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
