import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { memberships, passkeys, teams, totpFactors, users } from "@/lib/db/schema";
import { loadCaller } from "./session";

// The caller as every request reads it: the user and their teams, in one query, fresh each time.

describe.each(databaseEngines())("loadCaller on $name", (engine) => {
  let handle: TestDatabase;
  const ids = { alice: "", bob: "", zeta: "", alpha: "" };

  beforeAll(async () => {
    handle = await engine.open();
    const db = handle.db;
    const [alice, bob] = await db
      .insert(users)
      .values([
        { email: "alice@example.com", name: "Alice" },
        { email: "bob@example.com", name: "Bob", mustChangePassword: true },
      ])
      .returning();
    const [zeta, alpha] = await db
      .insert(teams)
      .values([{ name: "Zeta" }, { name: "Alpha" }])
      .returning();
    await db.insert(memberships).values([
      { teamId: zeta!.id, userId: alice!.id, role: "member" },
      { teamId: alpha!.id, userId: alice!.id, role: "admin" },
    ]);
    Object.assign(ids, { alice: alice!.id, bob: bob!.id, zeta: zeta!.id, alpha: alpha!.id });
  });
  afterAll(() => handle?.close());

  it("reads the user and their teams by name, acting in the first unless the cookie picks another of theirs", async () => {
    const caller = await loadCaller(handle.db, ids.alice, undefined);
    expect(caller).toEqual({
      user: { id: ids.alice, email: "alice@example.com", name: "Alice" },
      team: { id: ids.alpha, name: "Alpha", role: "admin" },
      teams: [
        { id: ids.alpha, name: "Alpha", role: "admin" },
        { id: ids.zeta, name: "Zeta", role: "member" },
      ],
      mustChangePassword: false,
      mustEnrolSecondFactor: false,
    });
    expect((await loadCaller(handle.db, ids.alice, ids.zeta))?.team).toEqual({
      id: ids.zeta,
      name: "Zeta",
      role: "member",
    });
    // A team the caller is not in (or a forged id) falls back to their first.
    expect((await loadCaller(handle.db, ids.alice, randomUUID()))?.team?.id).toBe(ids.alpha);
  });

  it("answers a user without a team, and nobody for an unknown user", async () => {
    expect(await loadCaller(handle.db, ids.bob, ids.alpha)).toEqual({
      user: { id: ids.bob, email: "bob@example.com", name: "Bob" },
      team: null,
      teams: [],
      mustChangePassword: true,
      mustEnrolSecondFactor: false,
    });
    expect(await loadCaller(handle.db, randomUUID(), undefined)).toBeNull();
  });

  it("makes a member of a team that requires a second factor enrol one, whichever team they act in", async () => {
    const must = async () => (await loadCaller(handle.db, ids.alice, ids.alpha))?.mustEnrolSecondFactor;
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

  it("sees a role change and a removal at once", async () => {
    await handle.db
      .update(memberships)
      .set({ role: "auditor" })
      .where(and(eq(memberships.userId, ids.alice), eq(memberships.teamId, ids.alpha)));
    expect((await loadCaller(handle.db, ids.alice, undefined))?.team?.role).toBe("auditor");
    await handle.db
      .delete(memberships)
      .where(and(eq(memberships.userId, ids.alice), eq(memberships.teamId, ids.alpha)));
    expect((await loadCaller(handle.db, ids.alice, ids.alpha))?.teams.map((t) => t.name)).toEqual(["Zeta"]);
  });
});
