import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRowsAsText, databaseEngines, type TestDatabase } from "@/test/support/databases";
import { softPasskey } from "@/test/support/webauthn";
import type { Db } from "@/lib/db/client";
import { auditEvents, passkeys, users, webauthnChallenges } from "@/lib/db/schema";
import {
  passkeyAuthenticationOptions,
  passkeyRegistrationOptions,
  registerPasskey,
  removePasskey,
  renamePasskey,
  verifyPasskey,
} from "./passkeys";
import { factorsOf } from "./factors";
import { relyingParty } from "./webauthn-config";

// WebAuthn with a real ES256 credential made in the test (test/support/webauthn.ts), on every engine.

describe.each(databaseEngines())("passkeys on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  const rp = relyingParty();

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
  });
  afterAll(() => handle?.close());

  async function newUser() {
    const email = `user-${randomUUID().slice(0, 8)}@example.com`;
    const [user] = await db.insert(users).values({ email, name: "Test user" }).returning();
    return { id: user!.id, email, name: "Test user" };
  }

  async function withPasskey() {
    const user = await newUser();
    const key = softPasskey(rp.id, rp.origin);
    const options = await passkeyRegistrationOptions(db, user);
    const result = await registerPasskey(db, user, { name: "Work laptop", response: key.register(options.challenge) });
    return { user, key, result };
  }

  async function signInChallenge(userId: string) {
    return (await passkeyAuthenticationOptions(db, userId, "sign-in"))!.challenge;
  }

  it("registers a passkey from the browser's answer, stores only its public key, and gives recovery codes", async () => {
    const { user, key, result } = await withPasskey();
    expect(result.recoveryCodes).toHaveLength(10);
    const [row] = await db.select().from(passkeys).where(eq(passkeys.userId, user.id));
    expect(row).toMatchObject({
      credentialId: key.id,
      name: "Work laptop",
      transports: ["internal"],
      lastUsedAt: null,
    });
    expect(await factorsOf(db, user.id)).toEqual({ passkeys: 1, totp: false });
    // The challenge was used up.
    expect(await db.select().from(webauthnChallenges).where(eq(webauthnChallenges.userId, user.id))).toEqual([]);
    const everything = await allRowsAsText(db);
    for (const c of result.recoveryCodes!) expect(everything).not.toContain(c);
  });

  it("gives no new recovery codes for a second passkey", async () => {
    const { user } = await withPasskey();
    const second = softPasskey(rp.id, rp.origin);
    const options = await passkeyRegistrationOptions(db, user);
    expect(options.excludeCredentials).toHaveLength(1);
    const result = await registerPasskey(db, user, { name: "Phone", response: second.register(options.challenge) });
    expect(result.recoveryCodes).toBeNull();
  });

  it("refuses a registration answer to a challenge that was not issued, or already used", async () => {
    const user = await newUser();
    const key = softPasskey(rp.id, rp.origin);
    await expect(
      registerPasskey(db, user, { name: "x", response: key.register("bm90LWlzc3VlZA") }),
    ).rejects.toMatchObject({ code: "passkey_failed" });
    const options = await passkeyRegistrationOptions(db, user);
    const answer = key.register(options.challenge);
    await registerPasskey(db, user, { name: "x", response: answer });
    await expect(registerPasskey(db, user, { name: "x", response: answer })).rejects.toMatchObject({
      code: "passkey_failed",
    });
  });

  it("verifies a signed challenge once, and records the counter and last use", async () => {
    const { user, key } = await withPasskey();
    const answer = key.authenticate(await signInChallenge(user.id));
    expect(await verifyPasskey(db, user.id, "sign-in", answer)).toBe(true);
    expect(await verifyPasskey(db, user.id, "sign-in", answer)).toBe(false);
    const [row] = await db.select().from(passkeys).where(eq(passkeys.userId, user.id));
    expect(row!.counter).toBe(1);
    expect(row!.lastUsedAt).not.toBeNull();
  });

  it("refuses an answer without user verification, from another origin, for another purpose, or a counter gone back", async () => {
    const { user, key } = await withPasskey();
    expect(
      await verifyPasskey(
        db,
        user.id,
        "sign-in",
        key.authenticate(await signInChallenge(user.id), { userVerified: false }),
      ),
    ).toBe(false);
    expect(
      await verifyPasskey(
        db,
        user.id,
        "sign-in",
        key.authenticate(await signInChallenge(user.id), { origin: "https://evil.example" }),
      ),
    ).toBe(false);
    const sudoChallenge = (await passkeyAuthenticationOptions(db, user.id, "sudo"))!.challenge;
    expect(await verifyPasskey(db, user.id, "sign-in", key.authenticate(sudoChallenge))).toBe(false);
    expect(await verifyPasskey(db, user.id, "sign-in", key.authenticate(await signInChallenge(user.id)))).toBe(true);
    // A clone of the authenticator replays an old counter value.
    expect(
      await verifyPasskey(db, user.id, "sign-in", key.authenticate(await signInChallenge(user.id), { countUp: false })),
    ).toBe(false);
  });

  it("refuses another user's passkey, even answering this user's challenge", async () => {
    const a = await withPasskey();
    const b = await withPasskey();
    expect(await verifyPasskey(db, b.user.id, "sign-in", a.key.authenticate(await signInChallenge(b.user.id)))).toBe(
      false,
    );
  });

  it("renames and removes only one's own passkeys, auditing each change", async () => {
    const { user } = await withPasskey();
    const other = await newUser();
    const [row] = await db.select().from(passkeys).where(eq(passkeys.userId, user.id));
    await expect(renamePasskey(db, other, row!.id, "Mine now")).rejects.toMatchObject({ status: 404 });
    await expect(removePasskey(db, other, row!.id)).rejects.toMatchObject({ status: 404 });
    await renamePasskey(db, user, row!.id, "Old laptop");
    await removePasskey(db, user, row!.id);
    expect(await factorsOf(db, user.id)).toEqual({ passkeys: 0, totp: false });
    const events = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.actorId, user.id))
      .orderBy(asc(auditEvents.id));
    expect(events.map((e) => [e.action, e.detail])).toEqual([
      ["account.factor.enrol", { factor: "passkey", name: "Work laptop" }],
      ["account.recovery_codes.issue", { count: 10 }],
      ["account.factor.rename", { factor: "passkey", name: "Old laptop" }],
      ["account.factor.remove", { factor: "passkey", name: "Old laptop", secondFactorLeft: false }],
    ]);
  });
});
