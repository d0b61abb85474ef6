import { randomUUID } from "node:crypto";
import { asc, eq, like, or, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRowsAsText, databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { auditEvents, authFailures, users } from "@/lib/db/schema";
import { INVALID_LOGIN, checkLogin, type AttemptSource } from "./login";
import { hashPassword } from "./passwords";
import { clearAccountThrottle, delaySeconds } from "./throttle";

// Sign-in throttling in the database, on every engine: the delays must hold across instances,
// and nobody elsewhere may hold the real user up.

const policy = { maxFailures: 10, windowMinutes: 15, maxDelaySeconds: 300 };
const PASSWORD = "Correct-Horse-7";
const WRONG = "Wrong-Guess-7";
const THROTTLED = /^Too many attempts; try again in \d+ seconds?\.$/;

const from = (address: string | null): AttemptSource => ({ kind: "sign-in", address });
const HOME = "192.0.2.10";
const ATTACKER = "203.0.113.66";

describe("delaySeconds", () => {
  it("is nothing for the free failures, then 5 s doubling per failure up to the cap", () => {
    expect([4, 5, 6, 7, 8].map((n) => delaySeconds(n, 5, 300))).toEqual([0, 5, 10, 20, 40]);
    expect(delaySeconds(50, 5, 300)).toBe(300);
    expect(delaySeconds(5000, 5, 300)).toBe(300);
  });
});

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

  /** A fresh address per test, so address counters are not shared either. */
  const newAddress = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${randomUUID().slice(0, 4)}`;

  async function failTimes(email: string, times: number, source: AttemptSource, on: Db = db): Promise<string[]> {
    const messages: string[] = [];
    for (let i = 0; i < times; i++) {
      const outcome = await checkLogin(on, email, WRONG, policy, source);
      messages.push(outcome.ok ? "signed in" : outcome.message);
    }
    return messages;
  }

  /** Moves every failure of one key family back in time, as if the wait had passed. */
  async function age(keyPattern: string, seconds: number) {
    await db
      .update(authFailures)
      .set({ at: sql`${authFailures.at} - make_interval(secs => ${seconds})` })
      .where(like(authFailures.key, keyPattern));
  }

  /**
   * Dates a key family's failures to now: password checks (argon2) on a busy machine can
   * outlast the first waits, and these tests look at the waits themselves.
   */
  async function justNow(keyPart: string) {
    await db
      .update(authFailures)
      .set({ at: sql`now()` })
      .where(like(authFailures.key, `%${keyPart}%`));
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
    const outcome = await checkLogin(db, `  ${user.email.toUpperCase()} `, PASSWORD, policy, from(HOME));
    expect(outcome).toEqual({ ok: true, user: { id: user.id, email: user.email, name: "Test user" } });
    const events = await loginEvents(user.email);
    expect(events.map((e) => [e.action, e.outcome, e.actorId])).toEqual([["auth.login", "success", user.id]]);
  });

  it("refuses a wrong password and an unknown e-mail with the same message, and records each failure", async () => {
    const user = await newUser();
    expect(await checkLogin(db, user.email, WRONG, policy, from(HOME))).toEqual({
      ok: false,
      reason: "invalid",
      message: INVALID_LOGIN,
    });
    const stranger = `nobody-${randomUUID().slice(0, 8)}@example.com`;
    expect(await checkLogin(db, stranger, PASSWORD, policy, from(HOME))).toEqual({
      ok: false,
      reason: "invalid",
      message: INVALID_LOGIN,
    });
    expect((await loginEvents(user.email)).map((e) => [e.action, e.outcome, e.actorId, e.detail])).toEqual([
      ["auth.login", "failure", user.id, { email: user.email }],
    ]);
    expect((await loginEvents(stranger)).map((e) => [e.outcome, e.actorId])).toEqual([["failure", null]]);
  });

  it("slows one address down after 5 failures on an account, with a wait that doubles, never a lock", async () => {
    const user = await newUser();
    const address = newAddress();
    expect(await failTimes(user.email, 5, from(address))).toEqual(Array(5).fill(INVALID_LOGIN));
    // Even the right password waits now: the password is not read until the wait is over.
    await justNow(user.email);
    const held = await checkLogin(db, user.email, PASSWORD, policy, from(address));
    expect(held).toMatchObject({ ok: false, reason: "throttled", waitSeconds: 5 });
    expect(held.ok ? "" : held.message).toMatch(THROTTLED);
    expect((await loginEvents(user.email)).at(-1)).toMatchObject({
      outcome: "denied",
      detail: { email: user.email, reason: "throttled", waitSeconds: 5 },
    });

    await age(`account-address:${user.email}|%`, 6);
    expect(await failTimes(user.email, 1, from(address))).toEqual([INVALID_LOGIN]);
    await justNow(user.email);
    expect(await checkLogin(db, user.email, WRONG, policy, from(address))).toMatchObject({ waitSeconds: 10 });
    await age(`account-address:${user.email}|%`, 11);
    expect(await failTimes(user.email, 1, from(address))).toEqual([INVALID_LOGIN]);
    await justNow(user.email);
    expect(await checkLogin(db, user.email, WRONG, policy, from(address))).toMatchObject({ waitSeconds: 20 });

    // Once the wait is over the right password still works: nothing was locked.
    await age(`account-address:${user.email}|%`, 21);
    expect(await checkLogin(db, user.email, PASSWORD, policy, from(address))).toMatchObject({ ok: true });
  });

  it("does not let guessing elsewhere hold up the real user at an address they signed in from", async () => {
    const user = await newUser();
    expect(await checkLogin(db, user.email, PASSWORD, policy, from(HOME))).toMatchObject({ ok: true });
    // Ten addresses, three guesses each: far past the account-wide allowance.
    for (let i = 0; i < 10; i++) await failTimes(user.email, 3, from(`${ATTACKER}-${i}-${user.id}`));
    await justNow(user.email);
    expect(await checkLogin(db, user.email, PASSWORD, policy, from(newAddress()))).toMatchObject({
      reason: "throttled",
    });
    expect(await checkLogin(db, user.email, PASSWORD, policy, from(HOME))).toMatchObject({ ok: true });
  });

  it("slows an account down after 10 failures spread over addresses, for addresses it never signed in from", async () => {
    const user = await newUser();
    for (let i = 0; i < 10; i++)
      expect(await failTimes(user.email, 1, from(`${ATTACKER}-${i}-${user.id}`))).toEqual([INVALID_LOGIN]);
    await justNow(user.email);
    expect(await checkLogin(db, user.email, WRONG, policy, from(newAddress()))).toMatchObject({
      reason: "throttled",
      waitSeconds: 5,
    });
  });

  it("slows an address down after 30 failures over many accounts", async () => {
    const address = newAddress();
    for (let i = 0; i < 10; i++) await failTimes((await newUser()).email, 3, from(address));
    await justNow(address);
    const fresh = await newUser();
    expect(await checkLogin(db, fresh.email, PASSWORD, policy, from(address))).toMatchObject({ reason: "throttled" });
    expect(await checkLogin(db, fresh.email, PASSWORD, policy, from(newAddress()))).toMatchObject({ ok: true });
  });

  it("never counts a successful sign-in against its address, however many (a shared office, a test run)", async () => {
    const address = newAddress();
    const user = await newUser();
    for (let i = 0; i < policy.maxFailures * 3 + 5; i++)
      expect(await checkLogin(db, user.email, PASSWORD, policy, from(address))).toMatchObject({ ok: true });
    // The address still has all its free failures: a few wrong passwords elsewhere are not delayed.
    const other = await newUser();
    expect(await failTimes(other.email, 3, from(address))).toEqual(Array(3).fill(INVALID_LOGIN));
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(authFailures)
      .where(eq(authFailures.key, `address:${address}`));
    expect(row!.n).toBe(3);
  });

  it("counts confirmations (sudo, password change) apart from sign-ins, both ways", async () => {
    const user = await newUser();
    const confirm: AttemptSource = { kind: "confirm", userId: user.id };
    expect(await failTimes(user.email, 10, confirm)).toEqual(Array(10).fill(INVALID_LOGIN));
    await justNow(user.id);
    expect(await checkLogin(db, user.email, PASSWORD, policy, confirm)).toMatchObject({ reason: "throttled" });
    expect(await checkLogin(db, user.email, PASSWORD, policy, from(newAddress()))).toMatchObject({ ok: true });

    const other = await newUser();
    await failTimes(other.email, 10, from(null));
    await justNow(other.email);
    expect(await checkLogin(db, other.email, PASSWORD, policy, from(null))).toMatchObject({ reason: "throttled" });
    expect(await checkLogin(db, other.email, PASSWORD, policy, { kind: "confirm", userId: other.id })).toMatchObject({
      ok: true,
    });
  });

  it("forgets failures older than the window, and clears the account's on a successful sign-in", async () => {
    const user = await newUser();
    const address = newAddress();
    const longAgo = new Date(Date.now() - (policy.windowMinutes + 1) * 60_000);
    await db
      .insert(authFailures)
      .values(Array.from({ length: 20 }, () => ({ key: `account:${user.email}`, at: longAgo })));
    expect(await checkLogin(db, user.email, WRONG, policy, from(address))).toMatchObject({ reason: "invalid" });
    expect(await failTimes(user.email, 3, from(address))).toEqual(Array(3).fill(INVALID_LOGIN));
    expect(await checkLogin(db, user.email, PASSWORD, policy, from(address))).toMatchObject({ ok: true });
    // Without the reset, the fifth of these would wait.
    expect(await failTimes(user.email, 5, from(address))).toEqual(Array(5).fill(INVALID_LOGIN));
  });

  it("lets an admin's unlock clear the account's delays", async () => {
    const user = await newUser();
    const address = newAddress();
    await failTimes(user.email, 5, from(address));
    await failTimes(user.email, 5, from(null));
    await failTimes(user.email, 10, { kind: "confirm", userId: user.id });
    await justNow(user.email);
    expect(await checkLogin(db, user.email, PASSWORD, policy, from(address))).toMatchObject({ reason: "throttled" });
    // The account's 10, the account-at-address 5 and the confirmations' 10; the address keeps its own.
    expect(await clearAccountThrottle(db, user)).toBe(25);
    expect(await checkLogin(db, user.email, PASSWORD, policy, from(address))).toMatchObject({ ok: true });
  });

  it.runIf(engine.name === "postgres")("shares the delays between two console instances on one database", async () => {
    const other = await handle.openAnother!();
    const user = await newUser();
    await failTimes(user.email, 5, from(null), db);
    await failTimes(user.email, 5, from(null), other.db);
    await justNow(user.email);
    expect(await checkLogin(other.db, user.email, PASSWORD, policy, from(null))).toMatchObject({
      reason: "throttled",
    });
    expect(await checkLogin(db, user.email, PASSWORD, policy, from(null))).toMatchObject({ reason: "throttled" });
  });

  // Parallel guesses must not all see the count below the limit (each takes a slot under a lock).
  it("checks no more than 5 passwords from one address at once, however many arrive together", async () => {
    const user = await newUser();
    const address = newAddress();
    await Promise.all(Array.from({ length: 25 }, () => checkLogin(db, user.email, WRONG, policy, from(address))));
    // A "failure" event means the password was checked; a held attempt records "denied" instead.
    const checked = (await loginEvents(user.email)).filter((e) => e.outcome === "failure");
    expect(checked.length).toBeLessThanOrEqual(5);
  });

  it("never writes a password, right or wrong, into the audit log or any other table", async () => {
    const rightPassword = `Right-${randomUUID()}`;
    const wrongPassword = `Wrong-${randomUUID()}`;
    const user = await newUser(await hashPassword(rightPassword));
    await checkLogin(db, user.email, rightPassword, policy, from(HOME));
    await checkLogin(db, user.email, wrongPassword, policy, from(HOME));
    await checkLogin(db, `ghost-${user.email}`, wrongPassword, policy, from(HOME));
    await failTimes(user.email, 10, from(null));
    await checkLogin(db, user.email, rightPassword, policy, from(null)); // throttled: denied

    const outcomes = (await loginEvents(user.email)).map((e) => e.outcome);
    expect(outcomes).toEqual(expect.arrayContaining(["success", "failure", "denied"]));
    const everything = await allRowsAsText(db);
    expect(everything).toContain(user.email);
    expect(everything).not.toContain(rightPassword);
    expect(everything).not.toContain(wrongPassword);
  });
});
