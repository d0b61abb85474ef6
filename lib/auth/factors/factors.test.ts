import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRowsAsText, databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { auditEvents, authFailures, recoveryCodes, totpFactors, users } from "@/lib/db/schema";
import { confirmTotp, removeTotp, startTotpEnrolment, useTotp } from "./totp";
import { totpCodeAt, TOTP_PERIOD_S } from "./totp-code";
import { regenerateRecoveryCodes, useRecoveryCode } from "./recovery-codes";
import { factorsOf, hasSecondFactor } from "./factors";
import { checkFactor } from "./check-factor";

// TOTP and recovery codes in the database, on every engine: nothing of either is stored in clear.

const STEP_MS = TOTP_PERIOD_S * 1000;
const policy = { maxFailures: 5, windowMinutes: 15 };

describe.each(databaseEngines())("authenticator app and recovery codes on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
  });
  afterAll(() => handle?.close());

  async function newUser() {
    const email = `user-${randomUUID().slice(0, 8)}@example.com`;
    const [user] = await db.insert(users).values({ email, name: "Test user" }).returning();
    return { id: user!.id, email };
  }

  const eventsOf = (userId: string) =>
    db.select().from(auditEvents).where(eq(auditEvents.actorId, userId)).orderBy(asc(auditEvents.id));

  /** A user with a confirmed app, its secret, and the recovery codes the confirmation gave. */
  async function enrolled(now = Date.now()) {
    const user = await newUser();
    const { secret } = await startTotpEnrolment(db, user);
    const codes = await confirmTotp(db, user, totpCodeAt(secret, now - STEP_MS), now);
    return { user, secret, codes: codes! };
  }

  it("keeps the secret sealed until a first code confirms it, then issues ten recovery codes once", async () => {
    const user = await newUser();
    const { secret, uri } = await startTotpEnrolment(db, user);
    expect(uri).toContain(secret);
    expect(await hasSecondFactor(db, user.id)).toBe(false);
    await expect(confirmTotp(db, user, "000000")).rejects.toMatchObject({ code: "invalid_code", status: 422 });
    const codes = await confirmTotp(db, user, totpCodeAt(secret, Date.now()));
    expect(codes).toHaveLength(10);
    expect(await factorsOf(db, user.id)).toEqual({ passkeys: 0, totp: true });

    const everything = await allRowsAsText(db);
    expect(everything).not.toContain(secret);
    for (const c of codes!) {
      expect(everything).not.toContain(c);
      expect(everything).not.toContain(c.replace(/-/g, ""));
    }
    const [row] = await db.select().from(totpFactors).where(eq(totpFactors.userId, user.id));
    expect(row!.sealedSecret).toMatch(/^v1\./);
    const actions = (await eventsOf(user.id)).map((e) => e.action);
    expect(actions).toEqual(["account.factor.enrol", "account.recovery_codes.issue"]);
  });

  it("will not start over an app that is already confirmed", async () => {
    const { user } = await enrolled();
    await expect(startTotpEnrolment(db, user)).rejects.toMatchObject({ status: 409 });
  });

  it("accepts a code once: the same code, or one of an earlier step, is refused afterwards", async () => {
    const now = Date.now();
    const { user, secret } = await enrolled(now);
    const current = totpCodeAt(secret, now);
    expect(await useTotp(db, user.id, current, now)).toBe(true);
    expect(await useTotp(db, user.id, current, now)).toBe(false);
    expect(await useTotp(db, user.id, current, now + 1000)).toBe(false);
    // The confirmation used the step before: that one is spent too.
    expect(await useTotp(db, user.id, totpCodeAt(secret, now - STEP_MS), now)).toBe(false);
    expect(await useTotp(db, user.id, totpCodeAt(secret, now + STEP_MS), now + STEP_MS)).toBe(true);
  });

  it("refuses a replay in parallel: of two uses of one code exactly one wins", async () => {
    const now = Date.now();
    const { user, secret } = await enrolled(now);
    const code = totpCodeAt(secret, now);
    const results = await Promise.all([useTotp(db, user.id, code, now), useTotp(db, user.id, code, now)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("spends each recovery code once, says how many remain, and audits the use", async () => {
    const { user, codes } = await enrolled();
    expect(await useRecoveryCode(db, user, codes[0]!.toUpperCase())).toBe(9);
    expect(await useRecoveryCode(db, user, codes[0]!)).toBeNull();
    expect(await useRecoveryCode(db, user, "not-a-code")).toBeNull();
    expect(await useRecoveryCode(db, user, codes[1]!)).toBe(8);
    const uses = (await eventsOf(user.id)).filter((e) => e.action === "account.recovery_code.use");
    expect(uses.map((e) => e.detail)).toEqual([{ remaining: 9 }, { remaining: 8 }]);
  });

  it("does not let one user spend another's recovery code", async () => {
    const a = await enrolled();
    const b = await enrolled();
    expect(await useRecoveryCode(db, b.user, a.codes[0]!)).toBeNull();
    expect(await useRecoveryCode(db, a.user, a.codes[0]!)).toBe(9);
  });

  it("regenerating replaces every old code", async () => {
    const { user, codes } = await enrolled();
    const fresh = await regenerateRecoveryCodes(db, user);
    expect(fresh).toHaveLength(10);
    expect(await useRecoveryCode(db, user, codes[2]!)).toBeNull();
    expect(await useRecoveryCode(db, user, fresh[0]!)).toBe(9);
  });

  it("removing the last factor removes the recovery codes and is audited", async () => {
    const { user } = await enrolled();
    await removeTotp(db, user);
    expect(await hasSecondFactor(db, user.id)).toBe(false);
    expect(await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id))).toEqual([]);
    const removal = (await eventsOf(user.id)).find((e) => e.action === "account.factor.remove");
    expect(removal?.detail).toEqual({ factor: "totp", secondFactorLeft: false });
  });

  it("counts a wrong factor as a failed sign-in, audits it without the answer, and locks after the limit", async () => {
    const { user } = await enrolled();
    for (let i = 0; i < policy.maxFailures; i++) {
      const outcome = await checkFactor(db, user, { factor: "totp", code: "123456" }, "sign-in", policy);
      expect(outcome).toMatchObject({ ok: false, reason: "wrong" });
    }
    const locked = await checkFactor(db, user, { factor: "recovery", code: "abcd-efgh-jkmn-pqrs" }, "sign-in", policy);
    expect(locked).toMatchObject({ ok: false, reason: "locked" });
    const failures = (await eventsOf(user.id)).filter((e) => e.action === "auth.second_factor");
    expect(failures).toHaveLength(policy.maxFailures);
    expect(failures[0]).toMatchObject({ outcome: "failure", detail: { factor: "totp", purpose: "sign-in" } });
    expect(JSON.stringify(failures)).not.toContain("123456");
    await db.delete(authFailures).where(eq(authFailures.key, `factor:${user.id}`));
  });

  it("takes recovery codes for signing in only, not for sudo", async () => {
    const { user, codes } = await enrolled();
    const sudo = await checkFactor(db, user, { factor: "recovery", code: codes[0]! }, "sudo", policy);
    expect(sudo.ok).toBe(false);
    const signIn = await checkFactor(db, user, { factor: "recovery", code: codes[0]! }, "sign-in", policy);
    expect(signIn).toEqual({ ok: true, recoveryCodesLeft: 9 });
    const unused = await db
      .select()
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, user.id)));
    expect(unused.filter((r) => r.usedAt === null)).toHaveLength(9);
  });
});
