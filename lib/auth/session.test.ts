import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRowsAsText, databaseEngines, type TestDatabase } from "@/test/support/databases";
import { auditEvents, memberships, passkeys, sessions, teams, totpFactors, users } from "@/lib/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/passwords";
import { changePassword } from "@/lib/account/change-password";
import { mySessions, revokeMySession, signOutEverywhere } from "@/lib/account/sessions";
import { removeMember } from "@/lib/teams/remove-member";
import { rejection } from "@/test/support/rejection";
import { loadCaller } from "./session";
import { endSessionBySecret, sessionSecretHash, startSession } from "./sessions";

// The caller as every request reads it: the session row, the user and their teams, in one query,
// fresh each time — so a session that was ended, sat idle or outlived its lifetime counts at once.

const lifetimes = { idleMinutes: 60, maxHours: 8 };
const MINUTE = 60_000;
const client = {
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 Safari/537.36",
  clientAddress: "10.0.0.7",
};

describe.each(databaseEngines())("sessions on $name", (engine) => {
  let handle: TestDatabase;
  const ids = { alice: "", bob: "", carol: "", zeta: "", alpha: "" };
  /** A time well after the rows the tests insert, moved by each test as it needs. */
  const t0 = new Date(Date.now() + 24 * 3_600_000);
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const signIn = (userId: string, now = t0) =>
    startSession(handle.db, { userId, method: "password", lifetimes, now, ...client });
  const caller = (secret: string, now = t0, team?: string) =>
    loadCaller(handle.db, secret, team, { idleMinutes: lifetimes.idleMinutes, now });
  const row = async (secret: string) =>
    (
      await handle.db
        .select()
        .from(sessions)
        .where(eq(sessions.secretHash, sessionSecretHash(secret)))
    )[0]!;

  beforeAll(async () => {
    handle = await engine.open();
    const db = handle.db;
    const [alice, bob, carol] = await db
      .insert(users)
      .values([
        { email: "alice@example.com", name: "Alice" },
        { email: "bob@example.com", name: "Bob", mustChangePassword: true },
        { email: "carol@example.com", name: "Carol", passwordHash: await hashPassword("carol-password-1") },
      ])
      .returning();
    const [zeta, alpha] = await db
      .insert(teams)
      .values([{ name: "Zeta" }, { name: "Alpha" }])
      .returning();
    await db.insert(memberships).values([
      { teamId: zeta!.id, userId: alice!.id, role: "member" },
      { teamId: alpha!.id, userId: alice!.id, role: "admin" },
      { teamId: alpha!.id, userId: carol!.id, role: "member" },
    ]);
    Object.assign(ids, { alice: alice!.id, bob: bob!.id, carol: carol!.id, zeta: zeta!.id, alpha: alpha!.id });
  });
  afterAll(() => handle?.close());

  it("reads the session's user and their teams by name, acting in the first unless the cookie picks another of theirs", async () => {
    const secret = await signIn(ids.alice);
    const me = await caller(secret);
    expect(me).toEqual({
      user: { id: ids.alice, email: "alice@example.com", name: "Alice" },
      team: { id: ids.alpha, name: "Alpha", role: "admin" },
      teams: [
        { id: ids.alpha, name: "Alpha", role: "admin" },
        { id: ids.zeta, name: "Zeta", role: "member" },
      ],
      mustChangePassword: false,
      mustEnrolSecondFactor: false,
      sessionId: (await row(secret)).id,
    });
    expect((await caller(secret, t0, ids.zeta))?.team).toEqual({ id: ids.zeta, name: "Zeta", role: "member" });
    // A team the caller is not in (or a forged id) falls back to their first.
    expect((await caller(secret, t0, randomUUID()))?.team?.id).toBe(ids.alpha);
  });

  it("answers a user without a team, and nobody for an unknown session", async () => {
    const secret = await signIn(ids.bob);
    expect(await caller(secret, t0, ids.alpha)).toMatchObject({
      user: { id: ids.bob, email: "bob@example.com", name: "Bob" },
      team: null,
      teams: [],
      mustChangePassword: true,
      mustEnrolSecondFactor: false,
    });
    expect(await caller("no-such-session")).toBeNull();
    expect(await caller("")).toBeNull();
  });

  it("makes a member of a team that requires a second factor enrol one, whichever team they act in", async () => {
    const secret = await signIn(ids.alice);
    const must = async () => (await caller(secret, t0, ids.alpha))?.mustEnrolSecondFactor;
    expect(await must()).toBe(false);
    await handle.db.update(teams).set({ requireSecondFactor: true }).where(eq(teams.id, ids.zeta));
    expect(await must()).toBe(true);
    // An app set up but not confirmed by a first code does not count.
    await handle.db.insert(totpFactors).values({ userId: ids.alice, sealedSecret: "v1.x.y.z" });
    expect(await must()).toBe(true);
    await handle.db.update(totpFactors).set({ confirmedAt: new Date() }).where(eq(totpFactors.userId, ids.alice));
    expect(await must()).toBe(false);
    await handle.db.delete(totpFactors).where(eq(totpFactors.userId, ids.alice));
    await handle.db
      .insert(passkeys)
      .values({ userId: ids.alice, credentialId: "cred", publicKey: "pk", name: "Laptop" });
    expect(await must()).toBe(false);
    await handle.db.delete(passkeys).where(eq(passkeys.userId, ids.alice));
    await handle.db.update(teams).set({ requireSecondFactor: false }).where(eq(teams.id, ids.zeta));
    expect(await must()).toBe(false);
  });

  it("keeps only the SHA-256 of the session's random id, with the browser's facts", async () => {
    const secret = await signIn(ids.alice);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await row(secret);
    expect(stored).toMatchObject({
      userId: ids.alice,
      method: "password",
      userAgent: client.userAgent,
      clientAddress: "10.0.0.7",
      createdAt: t0,
      lastSeenAt: t0,
      expiresAt: at(8 * 60 * MINUTE),
      endedAt: null,
    });
    expect(await allRowsAsText(handle.db)).not.toContain(secret);
  });

  it("sees a role change and a removal of a membership at once", async () => {
    const secret = await signIn(ids.alice);
    await handle.db
      .update(memberships)
      .set({ role: "auditor" })
      .where(and(eq(memberships.userId, ids.alice), eq(memberships.teamId, ids.alpha)));
    expect((await caller(secret))?.team?.role).toBe("auditor");
    await handle.db
      .delete(memberships)
      .where(and(eq(memberships.userId, ids.alice), eq(memberships.teamId, ids.alpha)));
    expect((await caller(secret, t0, ids.alpha))?.teams.map((t) => t.name)).toEqual(["Zeta"]);
  });

  it("refuses a session idle longer than the idle lifetime; use keeps it alive, up to the absolute end", async () => {
    const idle = await signIn(ids.alice);
    expect(await caller(idle, at(59 * MINUTE))).not.toBeNull();
    // Used at 59 minutes, so idle only since then.
    expect(await caller(idle, at(118 * MINUTE))).not.toBeNull();
    expect(await caller(idle, at(179 * MINUTE))).toBeNull();

    const busy = await signIn(ids.alice);
    for (let m = 50; m < 8 * 60; m += 50) expect(await caller(busy, at(m * MINUTE))).not.toBeNull();
    // Eight hours after signing in, however busy.
    expect(await caller(busy, at(8 * 60 * MINUTE - 1))).not.toBeNull();
    expect(await caller(busy, at(8 * 60 * MINUTE))).toBeNull();
    expect(await caller(busy, at(8 * 60 * MINUTE + 10 * MINUTE))).toBeNull();
  });

  it("writes last_seen_at at most once a minute per session", async () => {
    const secret = await signIn(ids.alice);
    for (const s of [1, 20, 59]) await caller(secret, at(s * 1000));
    expect((await row(secret)).lastSeenAt).toEqual(t0);
    await caller(secret, at(61_000));
    expect((await row(secret)).lastSeenAt).toEqual(at(61_000));
    await caller(secret, at(90_000));
    expect((await row(secret)).lastSeenAt).toEqual(at(61_000));
    // A refused session is not touched back to life.
    await caller(secret, at(61_000 + 61 * MINUTE));
    expect((await row(secret)).lastSeenAt).toEqual(at(61_000));
  });

  it("refuses the cookie of a session that signed out", async () => {
    const secret = await signIn(ids.alice);
    const other = await signIn(ids.alice);
    await endSessionBySecret(handle.db, secret, "sign_out", t0);
    expect(await caller(secret)).toBeNull();
    expect(await caller(other)).not.toBeNull();
    expect(await row(secret)).toMatchObject({ endedAt: t0, endedReason: "sign_out" });
  });

  it("a password change ends every other session of the user and keeps the one that made it", async () => {
    const here = await signIn(ids.carol);
    const laptop = await signIn(ids.carol);
    const phone = await signIn(ids.carol);
    const someoneElse = await signIn(ids.alice);
    const me = await caller(here);
    await changePassword(
      handle.db,
      me!.user,
      me!.sessionId,
      { currentPassword: "carol-password-1", newPassword: "carol-password-2" },
      { maxFailures: 10, windowMinutes: 15, maxDelaySeconds: 300 },
    );
    expect(await caller(here)).not.toBeNull();
    expect(await caller(laptop)).toBeNull();
    expect(await caller(phone)).toBeNull();
    expect(await caller(someoneElse)).not.toBeNull();
    expect(await row(laptop)).toMatchObject({ endedReason: "password_changed" });
  });

  it("removal from a team ends that user's sessions", async () => {
    const carol = await signIn(ids.carol);
    const admin = await signIn(ids.alice);
    await handle.db.insert(memberships).values({ teamId: ids.alpha, userId: ids.alice, role: "admin" });
    const actor: Actor = {
      user: { id: ids.alice, email: "alice@example.com" },
      team: { id: ids.alpha, role: "admin" },
    };
    await removeMember(handle.db, actor, ids.carol);
    expect(await caller(carol)).toBeNull();
    expect(await row(carol)).toMatchObject({ endedReason: "removed_from_team" });
    expect(await caller(admin)).not.toBeNull();
  });

  it("lists one's live sessions (this one first), revokes another, and signs out everywhere", async () => {
    const [dave] = await handle.db.insert(users).values({ email: "dave@example.com", name: "Dave" }).returning();
    const here = await signIn(dave!.id, at(-3 * MINUTE));
    const there = await startSession(handle.db, {
      userId: dave!.id,
      method: "sso",
      lifetimes,
      now: at(-2 * MINUTE),
      userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Version/17.0 Safari/605.1.15",
      clientAddress: "192.0.2.10",
    });
    const third = await signIn(dave!.id, at(-MINUTE));
    const idleLongAgo = await signIn(dave!.id, at(-2 * 60 * MINUTE));
    const me = (await caller(here))!;
    const owner = { user: me.user, sessionId: me.sessionId };

    const listed = await mySessions(handle.db, owner, lifetimes, t0);
    expect(listed.map((s) => [s.browser, s.method, s.current])).toEqual([
      ["Chrome on Linux", "password", true],
      ["Chrome on Linux", "password", false],
      ["Safari on macOS", "sso", false],
    ]);
    expect(listed[2]).toMatchObject({ address: "192.0.2.10", signedInAt: at(-2 * MINUTE).toISOString() });
    expect(JSON.stringify(listed)).not.toContain(there);
    expect(JSON.stringify(listed)).not.toContain(sessionSecretHash(there));

    const thereId = (await row(there)).id;
    await revokeMySession(handle.db, owner, thereId);
    expect(await caller(there)).toBeNull();
    expect(await caller(here)).not.toBeNull();
    // Gone already, someone else's, or idle: not found, and nothing changes.
    expect((await rejection(revokeMySession(handle.db, owner, thereId))).status).toBe(404);
    const alices = await caller(await signIn(ids.alice));
    expect((await rejection(revokeMySession(handle.db, owner, alices!.sessionId))).status).toBe(404);
    expect(await caller(await signIn(ids.alice))).not.toBeNull();

    expect(await signOutEverywhere(handle.db, owner)).toEqual({ ended: 3 });
    for (const s of [here, third, idleLongAgo]) expect(await caller(s)).toBeNull();
    expect(await mySessions(handle.db, owner, lifetimes, t0)).toEqual([]);

    // Audited with the sessions' short ids, never a whole id (nor anything of the cookie's).
    const events = await handle.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.actorId, dave!.id))
      .orderBy(asc(auditEvents.id));
    expect(events.map((e) => [e.action, e.outcome, e.detail])).toEqual([
      ["auth.session.revoke", "success", { session: thereId.slice(0, 8), current: false }],
      [
        "auth.session.revoke_all",
        "success",
        { count: 3, sessions: expect.arrayContaining([me.sessionId.slice(0, 8)]) as unknown },
      ],
    ]);
    const logged = JSON.stringify(events);
    for (const whole of [thereId, me.sessionId, here, there, sessionSecretHash(here)])
      expect(logged).not.toContain(whole);
  });
});
