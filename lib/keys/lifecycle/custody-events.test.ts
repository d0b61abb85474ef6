import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import {
  auditEvents,
  connections,
  keyRequests,
  keys,
  memberships,
  notificationOutbox,
  notifications,
  teams,
  users,
} from "@/lib/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { removeMember } from "@/lib/teams/remove-member";
import { saveMutes } from "@/lib/notify/rules";
import { queueRotationDueNotices, queueUnconfirmedDeliveryNotices } from "./custody-events";

// The custody notices, on both engines: rotations due under the team's policy (to the owner),
// deliveries left unconfirmed and keys left ownerless (to the admins) — each told once, however
// many runs or console instances, and the ownerless one in the removal's own transaction.

const DAY = 24 * 60 * 60_000;
let serial = 0;

async function makeTeam(db: Db, rotationDays: number | null = null) {
  const n = ++serial;
  const [team] = await db
    .insert(teams)
    .values({ name: `Custody ${n}`, rotationDays })
    .returning();
  const person = async (role: "admin" | "member", label: string) => {
    const [u] = await db
      .insert(users)
      .values({ email: `${label}${n}@example.com`, name: label })
      .returning();
    await db.insert(memberships).values({ teamId: team!.id, userId: u!.id, role });
    return u!;
  };
  const owner = await person("member", "owner");
  const admin = await person("admin", "admin");
  const [conn] = await db
    .insert(connections)
    .values({
      teamId: team!.id,
      vendor: "trend",
      name: `Workload ${n}`,
      baseUrl: "https://127.0.0.1:1",
      tlsMode: "system",
      settings: {},
      sealedSecrets: "sealed",
    })
    .returning();
  const addKey = async (
    name: string,
    over: Partial<typeof keys.$inferInsert> & { issuedAt: Date },
  ): Promise<typeof keys.$inferSelect> => {
    const [key] = await db
      .insert(keys)
      .values({
        teamId: team!.id,
        connectionId: conn!.id,
        vendor: "trend",
        name,
        vendorKeyId: `vk-${name}-${n}`,
        scope: ["1"],
        fingerprint: `${name}${n}`.padEnd(64, "0"),
        lastFour: "abcd",
        meta: {},
        issuedBy: owner.id,
        ...over,
      })
      .returning();
    return key!;
  };
  const adminActor: Actor = { user: { id: admin.id, email: admin.email }, team: { id: team!.id, role: "admin" } };
  return { teamId: team!.id, connectionId: conn!.id, owner, admin, adminActor, addKey };
}

const noticesOf = async (db: Db, userId: string) =>
  (await db.select().from(notifications).where(eq(notifications.userId, userId))).map((n) => n.message);
const mailsOf = async (db: Db, teamId: string) =>
  (
    await db
      .select()
      .from(notificationOutbox)
      .where(eq(notificationOutbox.teamId, teamId))
      .orderBy(notificationOutbox.createdAt)
  ).map((m) => [m.event, m.recipient, m.subject]);

describe.each(databaseEngines())("custody notices on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let otherDb: Db;

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    otherDb = handle.openAnother ? (await handle.openAnother()).db : db;
  });
  afterAll(() => handle?.close());

  it("rotation due: the owner is told once per key when the team's rotation period has passed", async () => {
    const t = await makeTeam(db, 90);
    const now = new Date("2032-01-01T00:00:00Z");
    const old = await t.addKey("old-deploy", { issuedAt: new Date(now.getTime() - 91 * DAY) });
    await t.addKey("fresh", { issuedAt: new Date(now.getTime() - 10 * DAY) });
    // Expired before its rotation fell due: there is nothing left to rotate.
    await t.addKey("lapsed", {
      issuedAt: new Date(now.getTime() - 95 * DAY),
      expiresAt: new Date(now.getTime() - 40 * DAY),
    });
    const gone = await t.addKey("gone", { issuedAt: new Date(now.getTime() - 200 * DAY) });
    await db.update(keys).set({ status: "revoked" }).where(eq(keys.id, gone.id));

    expect(await queueRotationDueNotices(db, now)).toBe(1);
    expect(await queueRotationDueNotices(db, new Date(now.getTime() + DAY))).toBe(0);
    const subject = "Key “old-deploy” is due for rotation (the team rotates keys every 90 days).";
    expect(await noticesOf(db, t.owner.id)).toEqual([subject]);
    expect(await noticesOf(db, t.admin.id)).toEqual([]);
    expect(await mailsOf(db, t.teamId)).toEqual([["rotation.due", t.owner.email, subject]]);
    const [mail] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.teamId, t.teamId));
    expect(mail!.link).toBe(`/keys/${old.id}`);

    // A new policy gives the key a new due date, told once more.
    await db.update(teams).set({ rotationDays: 60 }).where(eq(teams.id, t.teamId));
    expect(await queueRotationDueNotices(db, now)).toBe(1);
    expect(await noticesOf(db, t.owner.id)).toHaveLength(2);
  });

  it("rotation due: nothing without a policy, nor for a key whose rotation is under way or done", async () => {
    const none = await makeTeam(db, null);
    const now = new Date("2032-02-01T00:00:00Z");
    await none.addKey("ancient", { issuedAt: new Date(now.getTime() - 900 * DAY) });
    const t = await makeTeam(db, 30);
    const rotating = await t.addKey("rotating", { issuedAt: new Date(now.getTime() - 40 * DAY) });
    const replacement = await t.addKey("replacement", { issuedAt: new Date(now.getTime() - 1 * DAY) });
    await t.addKey("replaced", {
      issuedAt: new Date(now.getTime() - 40 * DAY),
      replacedByKeyId: replacement.id,
      retireAt: new Date(now.getTime() + DAY),
    });
    await db.insert(keyRequests).values({
      teamId: t.teamId,
      connectionId: t.connectionId,
      requesterId: t.owner.id,
      name: "rotating",
      scope: ["1"],
      fields: {},
      reason: "rotation",
      status: "pending",
      replacesKeyId: rotating.id,
    });
    expect(await queueRotationDueNotices(db, now)).toBe(0);
    expect(await noticesOf(db, none.owner.id)).toEqual([]);
    expect(await noticesOf(db, t.owner.id)).toEqual([]);
  });

  it("rotation due: console instances racing tell each owner exactly once; a mute is respected", async () => {
    const t = await makeTeam(db, 30);
    const now = new Date("2032-03-01T00:00:00Z");
    for (let i = 0; i < 8; i++) await t.addKey(`k${i}`, { issuedAt: new Date(now.getTime() - (31 + i) * DAY) });
    await Promise.all([
      queueRotationDueNotices(db, now),
      queueRotationDueNotices(otherDb, now),
      queueRotationDueNotices(db, now),
      queueRotationDueNotices(otherDb, now),
    ]);
    const told = await noticesOf(db, t.owner.id);
    expect(told).toHaveLength(8);
    expect(new Set(told).size).toBe(8);
    expect(await mailsOf(db, t.teamId)).toHaveLength(8);

    const u = await makeTeam(db, 30);
    await u.addKey("quiet", { issuedAt: new Date(now.getTime() - 31 * DAY) });
    await saveMutes(db, { user: { id: u.owner.id, email: u.owner.email }, team: { id: u.teamId, role: "member" } }, [
      "rotation.due",
    ]);
    await queueRotationDueNotices(db, now);
    expect(await noticesOf(db, u.owner.id)).toEqual([]);
  });

  it("delivery unconfirmed: the admins are told once, past the delivery window, never for a confirmed or taken-back key", async () => {
    const t = await makeTeam(db);
    const now = new Date("2032-04-01T12:00:00Z");
    const lost = await t.addKey("lost-tab", { issuedAt: new Date(now.getTime() - 5 * 60_000) });
    await t.addKey("just-now", { issuedAt: new Date(now.getTime() - 20_000) });
    await t.addKey("seen", {
      issuedAt: new Date(now.getTime() - 5 * 60_000),
      deliveredAt: new Date(now.getTime() - 5 * 60_000 + 800),
    });
    await t.addKey("taken-back", {
      issuedAt: new Date(now.getTime() - 5 * 60_000),
      undeliveredAt: new Date(now.getTime() - 5 * 60_000),
    });
    await t.addKey("adopted", { issuedAt: new Date(now.getTime() - 5 * 60_000), meta: { adopted: "true" } });

    const runs = await Promise.all([
      queueUnconfirmedDeliveryNotices(db, now),
      queueUnconfirmedDeliveryNotices(otherDb, now),
    ]);
    expect(runs[0]! + runs[1]!).toBe(1);
    expect(await queueUnconfirmedDeliveryNotices(db, new Date(now.getTime() + 10 * 60_000))).toBe(1);
    const subject = "Key “lost-tab”: delivery unconfirmed — its secret may never have been seen.";
    const late = "Key “just-now”: delivery unconfirmed — its secret may never have been seen.";
    expect(await noticesOf(db, t.admin.id)).toEqual([subject, late]);
    expect(await noticesOf(db, t.owner.id)).toEqual([]);
    expect(await mailsOf(db, t.teamId)).toEqual([
      ["key.delivery_unconfirmed", t.admin.email, subject],
      ["key.delivery_unconfirmed", t.admin.email, late],
    ]);
    const [first] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.teamId, t.teamId));
    expect(first!.link).toBe(`/keys/${lost.id}`);
  });

  it("ownerless: removing a member who keeps live keys tells the admins in the removal's own transaction", async () => {
    const t = await makeTeam(db);
    const now = new Date();
    const a = await t.addKey("billing-export", { issuedAt: now });
    const b = await t.addKey("audit-pull", { issuedAt: now });
    await removeMember(db, t.adminActor, t.owner.id, { keys: "keep", keyIds: [a.id, b.id] });

    const subject = `2 live keys of ${t.owner.email} are now ownerless.`;
    expect(await noticesOf(db, t.admin.id)).toEqual([subject]);
    const [mail] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.teamId, t.teamId));
    expect([mail!.event, mail!.recipient, mail!.subject, mail!.link]).toEqual([
      "key.ownerless",
      t.admin.email,
      subject,
      "/keys?ownerless=1",
    ]);
    expect(mail!.bodyText).toContain("“audit-pull”, “billing-export”");
    // Same transaction: the removal's audit event and the notice's rows carry one transaction id.
    const [removal] = await db
      .select({ xmin: sql<string>`xmin::text` })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "team.member.remove"), eq(auditEvents.targetId, t.owner.id)));
    const [notice] = await db
      .select({ xmin: sql<string>`xmin::text` })
      .from(notifications)
      .where(eq(notifications.userId, t.admin.id));
    const [outbox] = await db
      .select({ xmin: sql<string>`xmin::text` })
      .from(notificationOutbox)
      .where(eq(notificationOutbox.teamId, t.teamId));
    expect([notice!.xmin, outbox!.xmin]).toEqual([removal!.xmin, removal!.xmin]);
  });

  it("ownerless: a removal refused (a key the admin had not seen) tells nobody; a hand-over tells nobody", async () => {
    const t = await makeTeam(db);
    const a = await t.addKey("seen-one", { issuedAt: new Date() });
    await t.addKey("unseen-one", { issuedAt: new Date() });
    await expect(removeMember(db, t.adminActor, t.owner.id, { keys: "keep", keyIds: [a.id] })).rejects.toThrow(
      /not decided about/,
    );
    expect(await noticesOf(db, t.admin.id)).toEqual([]);
    expect(await db.$count(notificationOutbox, eq(notificationOutbox.teamId, t.teamId))).toBe(0);

    const u = await makeTeam(db);
    const k = await u.addKey("handed", { issuedAt: new Date() });
    await removeMember(db, u.adminActor, u.owner.id, { keys: "handover", keyIds: [k.id], to: u.admin.id });
    expect(await noticesOf(db, u.admin.id)).toEqual([]);
    expect(
      await db.$count(
        notificationOutbox,
        and(eq(notificationOutbox.teamId, u.teamId), eq(notificationOutbox.event, "key.ownerless")),
      ),
    ).toBe(0);
  });
});
