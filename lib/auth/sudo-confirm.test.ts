import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { softPasskey } from "@/test/support/webauthn";
import { rejection } from "@/test/support/rejection";
import type { Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { hashPassword } from "./passwords";
import { confirmSudo } from "./sudo-confirm";
import { confirmTotp, startTotpEnrolment } from "./factors/totp";
import { totpCodeAt } from "./factors/totp-code";
import { passkeyAuthenticationOptions, passkeyRegistrationOptions, registerPasskey } from "./factors/passkeys";
import { relyingParty } from "./factors/webauthn-config";

// Which confirmations open sudo mode for an account with or without a second factor.

const stamped = vi.hoisted(() => [] as string[]);
vi.mock("./sudo", () => ({ stampSudo: async (userId: string) => void stamped.push(userId) }));

const PASSWORD = "Correct-Horse-7";
const policy = { maxFailures: 50, windowMinutes: 15, maxDelaySeconds: 300 };

describe.each(databaseEngines())("confirmSudo on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let passwordHash: string;
  const rp = relyingParty();

  beforeAll(async () => {
    [handle, passwordHash] = await Promise.all([engine.open(), hashPassword(PASSWORD)]);
    db = handle.db;
  });
  afterAll(() => handle?.close());
  beforeEach(() => void stamped.splice(0));

  async function newUser() {
    const email = `user-${randomUUID().slice(0, 8)}@example.com`;
    const [user] = await db.insert(users).values({ email, name: "Test user", passwordHash }).returning();
    return { id: user!.id, email, name: "Test user" };
  }

  it("takes the password alone from an account without a second factor", async () => {
    const user = await newUser();
    await confirmSudo(db, user, { password: PASSWORD }, policy);
    expect(stamped).toEqual([user.id]);
    expect(await rejection(confirmSudo(db, user, { password: "wrong" }, policy))).toMatchObject({
      status: 403,
      code: "sudo_failed",
    });
  });

  it("asks an account with an authenticator app for the password and its code", async () => {
    const user = await newUser();
    const { secret } = await startTotpEnrolment(db, user);
    const now = Date.now();
    await confirmTotp(db, user, totpCodeAt(secret, now - 30_000), now);
    const alone = await rejection(confirmSudo(db, user, { password: PASSWORD }, policy));
    expect(alone).toMatchObject({ status: 403, fields: { code: "Enter the code." } });
    const wrongCode = await rejection(confirmSudo(db, user, { password: PASSWORD, code: "000000" }, policy));
    expect(wrongCode).toMatchObject({ status: 403, fields: { code: "That code is not right." } });
    expect(stamped).toEqual([]);
    await confirmSudo(db, user, { password: PASSWORD, code: totpCodeAt(secret, now) }, policy);
    expect(stamped).toEqual([user.id]);
  });

  it("takes a passkey alone, and not the password alone from an account with only passkeys", async () => {
    const user = await newUser();
    const key = softPasskey(rp.id, rp.origin);
    const options = await passkeyRegistrationOptions(db, user);
    await registerPasskey(db, user, { name: "Laptop", response: key.register(options.challenge) });
    expect(await rejection(confirmSudo(db, user, { password: PASSWORD }, policy))).toMatchObject({ status: 403 });
    // A sign-in challenge is not a sudo one.
    const signIn = (await passkeyAuthenticationOptions(db, user.id, "sign-in"))!.challenge;
    expect(await rejection(confirmSudo(db, user, { passkey: key.authenticate(signIn) }, policy))).toMatchObject({
      status: 403,
    });
    expect(stamped).toEqual([]);
    const sudo = (await passkeyAuthenticationOptions(db, user.id, "sudo"))!.challenge;
    await confirmSudo(db, user, { passkey: key.authenticate(sudo) }, policy);
    expect(stamped).toEqual([user.id]);
  });
});
