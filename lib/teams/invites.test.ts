import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRowsAsText, databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { auditEvents, invites, memberships, users } from "@/lib/db/schema";
import { verifyPassword } from "@/lib/auth/passwords";

import { createTeam } from "./create-team";
import { createInvite } from "./create-invite";
import { revokeInvite } from "./revoke-invite";
import { acceptInvite, acceptInviteWithNewAccount } from "./accept-invite";
import { findOpenInvite } from "./find-invite";
import { inviteTokenHash } from "./invite-token";
import { listPendingInvites } from "./queries";
import { rejection } from "@/test/support/rejection";

// Invite links on every engine: token stored only hashed, one use, clear 4xx for stale links, nothing changed on refusal.

describe.each(databaseEngines())("team invites on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let admin: Actor;

  async function newUser(label: string) {
    const [u] = await db
      .insert(users)
      .values({ email: `${label}-${randomUUID().slice(0, 8)}@example.com`, name: label })
      .returning();
    return { id: u!.id, email: u!.email };
  }
  const footprint = async () => ({
    members: await db.$count(memberships),
    users: await db.$count(users),
    invites: await db.$count(invites),
  });

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const owner = await newUser("owner");
    const team = await createTeam(db, owner, "Platform");
    admin = { user: owner, team: { id: team.id, role: "admin" } };
  });
  afterAll(() => handle?.close());

  it("creating a team makes the creator its admin, audited", async () => {
    const [m] = await db.select().from(memberships).where(eq(memberships.teamId, admin.team.id));
    expect(m).toMatchObject({ userId: admin.user.id, role: "admin" });
    const [e] = await db.select().from(auditEvents).where(eq(auditEvents.action, "team.create"));
    expect(e).toMatchObject({ actorId: admin.user.id, targetId: admin.team.id, teamId: admin.team.id });
  });

  it("stores only the SHA-256 of the token, and a signed-in user joins with the invite's role once", async () => {
    const invite = await createInvite(db, admin, { role: "auditor", days: 3, email: null });
    const dump = await allRowsAsText(db);
    expect(dump).not.toContain(invite.token);
    expect(dump).toContain(inviteTokenHash(invite.token));
    expect((await listPendingInvites(db, admin.team.id)).map((i) => i.id)).toContain(invite.id);

    const joiner = await newUser("joiner");
    await acceptInvite(db, joiner, invite.token);
    const [m] = await db.select().from(memberships).where(eq(memberships.userId, joiner.id));
    expect(m).toMatchObject({ teamId: admin.team.id, role: "auditor" });
    const [e] = await db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
    expect(e).toMatchObject({
      action: "team.invite.accept",
      actorId: joiner.id,
      targetId: joiner.id,
      teamId: admin.team.id,
    });

    const other = await newUser("late");
    const before = await footprint();
    const used = await rejection(acceptInvite(db, other, invite.token));
    expect([used.status, used.code]).toEqual([410, "invite_used"]);
    expect(await footprint()).toEqual(before);
  });

  it("answers 410 for expired and revoked links, 404 for unknown ones, and changes nothing", async () => {
    const expired = await createInvite(
      db,
      admin,
      { role: "member", days: 1, email: null },
      new Date(Date.now() - 2 * 24 * 3600_000),
    );
    const revoked = await createInvite(db, admin, { role: "member", days: 1, email: null });
    await revokeInvite(db, admin, revoked.id);
    expect((await listPendingInvites(db, admin.team.id)).map((i) => i.id)).not.toContain(revoked.id);
    const user = await newUser("stale");
    const before = await footprint();
    expect((await rejection(acceptInvite(db, user, expired.token))).code).toBe("invite_expired");
    expect((await rejection(acceptInvite(db, user, revoked.token))).code).toBe("invite_revoked");
    const [refused] = await db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
    expect(refused).toMatchObject({
      action: "team.invite.accept",
      outcome: "denied",
      actorId: user.id,
      detail: { reason: "invite_revoked" },
    });
    expect((await rejection(findOpenInvite(db, "x".repeat(43)))).status).toBe(404);
    expect(
      (
        await rejection(
          acceptInviteWithNewAccount(db, expired.token, {
            name: "N",
            email: "n@example.com",
            password: "long-enough-password",
          }),
        )
      ).status,
    ).toBe(410);
    expect(await footprint()).toEqual(before);
    expect((await rejection(revokeInvite(db, admin, revoked.id))).status).toBe(409);
    expect(
      (await rejection(revokeInvite(db, { ...admin, team: { ...admin.team, id: randomUUID() } }, expired.id))).status,
    ).toBe(404);
  });

  it("an e-mail-locked invite admits only that address; a new visitor gets an argon2 account", async () => {
    const locked = await createInvite(db, admin, { role: "member", days: 14, email: "newbie@example.com" });
    const stranger = await newUser("stranger");
    expect((await rejection(acceptInvite(db, stranger, locked.token))).code).toBe("invite_email_mismatch");
    const mismatch = await rejection(
      acceptInviteWithNewAccount(db, locked.token, {
        name: "Newbie",
        email: "other@example.com",
        password: "correct-horse-battery",
      }),
    );
    expect(mismatch.status).toBe(422);

    const created = await acceptInviteWithNewAccount(db, locked.token, {
      name: "Newbie",
      email: null,
      password: "correct-horse-battery",
    });
    expect(created.email).toBe("newbie@example.com");
    const [u] = await db.select().from(users).where(eq(users.email, "newbie@example.com"));
    expect(u!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(u!.passwordHash!, "correct-horse-battery")).toBe(true);
    expect(u!.mustChangePassword).toBe(false);
    expect(await allRowsAsText(db)).not.toContain("correct-horse-battery");
  });

  it("an existing member cannot spend an invite", async () => {
    const invite = await createInvite(db, admin, { role: "admin", days: 2, email: null });
    expect((await rejection(acceptInvite(db, admin.user, invite.token))).status).toBe(409);
    expect((await findOpenInvite(db, invite.token)).id).toBe(invite.id);
  });

  it("a new account for a taken e-mail answers like a fresh one, without creating, joining or using anything", async () => {
    const owner = await newUser("owner");
    const invite = await createInvite(db, admin, { role: "admin", days: 2, email: null });
    const before = await db.select().from(users).where(eq(users.email, owner.email));
    const answer = await acceptInviteWithNewAccount(db, invite.token, {
      name: "Impostor",
      email: owner.email.toUpperCase(),
      password: "attacker-chosen-password",
    });
    // Before the change this was 409 "account_exists": an e-mail oracle for anyone holding a link.
    expect(answer.email).toBe(owner.email);
    expect(await db.select().from(users).where(eq(users.email, owner.email))).toEqual(before);
    expect(await db.select().from(memberships).where(eq(memberships.userId, owner.id))).toEqual([]);
    expect((await findOpenInvite(db, invite.token)).id).toBe(invite.id);
    // Nothing in the team's own log tells its admins either.
    const teamEvents = await db.select().from(auditEvents).where(eq(auditEvents.teamId, admin.team.id));
    expect(JSON.stringify(teamEvents)).not.toContain(owner.email);
    expect(await allRowsAsText(db)).not.toContain("attacker-chosen-password");
  });
});
