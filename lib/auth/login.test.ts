import { randomUUID } from "node:crypto";
import { asc, eq, or, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRowsAsText, databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { auditEvents, loginFailures, users } from "@/lib/db/schema";
import { INVALID_LOGIN, checkLogin, lockedMessage } from "./login";
import { hashPassword } from "./passwords";

// Sign-in with a DB-backed lock-out, on every engine: the lock-out must hold across instances.

const policy = { maxFailures: 10, windowMinutes: 15 };
const LOCKED = lockedMessage(policy.windowMinutes);
const PASSWORD = "Correct-Horse-7";
const WRONG = "Wrong-Guess-7";

describe.each(databaseEngines())("checkLogin on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let passwordHash: string;

  beforeAll(async () => {
    [handle, passwordHash] = await Promise.all([engine.open(), hashPassword(PASSWORD)]);
    db = handle.db;
  });
  afterAll(() => handle?.close());

  /** A user of its own per test, so tests never share a failure counter. */
  async function newUser(hash = passwordHash): Promise<{ id: string; email: string }> {
    const email = `user-${randomUUID().slice(0, 8)}@example.com`;
    const [user] = await db.insert(users).values({ email, name: "Test user", passwordHash: hash }).returning();
    return { id: user!.id, email };
  }

  async function failTimes(email: string, times: number, on: Db = db): Promise<string[]> {
    const messages: string[] = [];
    for (let i = 0; i < times; i++) {
      const outcome = await checkLogin(on, email, WRONG, policy);
      messages.push(outcome.ok ? "signed in" : outcome.message);
    }
    return messages;
  }

  /** The sign-in events about one account, oldest first. */
  function loginEvents(email: string) {
    return db
      .select()
      .from(auditEvents)
      .where(or(eq(auditEvents.actorEmail, email), sql`${auditEvents.detail}->>'email' = ${email}`))
      .orderBy(asc(auditEvents.id));
  }

  it("signs in with the right password, ignoring case and spaces in the e-mail, and records the success", async () => {
    const user = await newUser();
    const outcome = await checkLogin(db, `  ${user.email.toUpperCase()} `, PASSWORD, policy);
    expect(outcome).toEqual({ ok: true, user: { id: user.id, email: user.email, name: "Test user" } });
    const events = await loginEvents(user.email);
    expect(events.map((e) => [e.action, e.outcome, e.actorId])).toEqual([["auth.login", "success", user.id]]);
  });

  it("refuses a wrong password and an unknown e-mail with the same message, and records each failure", async () => {
    const user = await newUser();
    expect(await checkLogin(db, user.email, WRONG, policy)).toEqual({
      ok: false,
      reason: "invalid",
      message: INVALID_LOGIN,
    });
    const stranger = `nobody-${randomUUID().slice(0, 8)}@example.com`;
    expect(await checkLogin(db, stranger, PASSWORD, policy)).toEqual({
      ok: false,
      reason: "invalid",
      message: INVALID_LOGIN,
    });

    expect((await loginEvents(user.email)).map((e) => [e.action, e.outcome, e.actorId, e.detail])).toEqual([
      ["auth.login", "failure", user.id, { email: user.email }],
    ]);
    expect((await loginEvents(stranger)).map((e) => [e.outcome, e.actorId])).toEqual([["failure", null]]);
  });

  it("locks the account after 10 failures, even against the right password", async () => {
    const user = await newUser();
    const messages = await failTimes(user.email, 10);
    expect(messages.slice(0, 9)).toEqual(Array(9).fill(INVALID_LOGIN));
    expect(messages[9]).toBe(LOCKED);

    expect(await checkLogin(db, user.email, PASSWORD, policy)).toEqual({
      ok: false,
      reason: "locked",
      message: LOCKED,
    });
    const events = await loginEvents(user.email);
    expect(events.filter((e) => e.outcome === "success")).toEqual([]);
    expect(events.at(-1)).toMatchObject({ outcome: "denied", detail: { email: user.email, reason: "locked" } });
  });

  it("does not count failures older than the window", async () => {
    const user = await newUser();
    const longAgo = new Date(Date.now() - (policy.windowMinutes + 1) * 60_000);
    await db.insert(loginFailures).values(Array.from({ length: 20 }, () => ({ email: user.email, at: longAgo })));
    expect(await checkLogin(db, user.email, WRONG, policy)).toMatchObject({ reason: "invalid" });
    expect(await checkLogin(db, user.email, PASSWORD, policy)).toMatchObject({ ok: true });
  });

  it("clears the failure count on a successful sign-in", async () => {
    const user = await newUser();
    expect(await failTimes(user.email, 9)).toEqual(Array(9).fill(INVALID_LOGIN));
    expect(await checkLogin(db, user.email, PASSWORD, policy)).toMatchObject({ ok: true });
    // Without the reset, the first of these would already lock the account.
    expect(await failTimes(user.email, 9)).toEqual(Array(9).fill(INVALID_LOGIN));
    expect(await checkLogin(db, user.email, PASSWORD, policy)).toMatchObject({ ok: true });
  });

  it("counts per account: another user's failures lock only that user", async () => {
    const [victim, bystander] = [await newUser(), await newUser()];
    await failTimes(victim.email, 10);
    expect(await checkLogin(db, bystander.email, PASSWORD, policy)).toMatchObject({ ok: true });
  });

  it.runIf(engine.name === "postgres")(
    "shares the lock-out between two console instances on one database",
    async () => {
      const other = await handle.openAnother!();
      const user = await newUser();
      await failTimes(user.email, 5, db);
      await failTimes(user.email, 5, other.db);
      expect(await checkLogin(other.db, user.email, PASSWORD, policy)).toMatchObject({ ok: false, reason: "locked" });
      expect(await checkLogin(db, user.email, PASSWORD, policy)).toMatchObject({ ok: false, reason: "locked" });
    },
  );

  // Parallel guesses must not all see the count below the limit (each takes a slot under a lock).
  it("allows no more than 10 password guesses in a window, even when they arrive at once", async () => {
    const user = await newUser();
    await Promise.all(Array.from({ length: 25 }, () => checkLogin(db, user.email, WRONG, policy)));
    // A "failure" event means the password was checked; a locked account records "denied" instead.
    const checked = (await loginEvents(user.email)).filter((e) => e.outcome === "failure");
    expect(checked.length).toBeLessThanOrEqual(policy.maxFailures);
  });

  it("never writes a password, right or wrong, into the audit log or any other table", async () => {
    const rightPassword = `Right-${randomUUID()}`;
    const wrongPassword = `Wrong-${randomUUID()}`;
    const user = await newUser(await hashPassword(rightPassword));
    await checkLogin(db, user.email, rightPassword, policy);
    await checkLogin(db, user.email, wrongPassword, policy);
    await checkLogin(db, `ghost-${user.email}`, wrongPassword, policy);
    await failTimes(user.email, 10);
    await checkLogin(db, user.email, rightPassword, policy); // locked: denied

    const outcomes = (await loginEvents(user.email)).map((e) => e.outcome);
    expect(outcomes).toEqual(expect.arrayContaining(["success", "failure", "denied"]));
    const everything = await allRowsAsText(db);
    expect(everything).toContain(user.email);
    expect(everything).not.toContain(rightPassword);
    expect(everything).not.toContain(wrongPassword);
  });
});
