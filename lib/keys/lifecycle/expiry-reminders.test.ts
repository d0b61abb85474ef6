import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { connections, keys, memberships, notificationOutbox, notifications, teams, users } from "@/lib/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { saveMutes, saveTeamRules } from "@/lib/notify/rules";
import { deliverOutbox } from "@/lib/notify/deliver";
import type { MailMessage } from "@/lib/notify/mail";
import { queueExpiryReminders } from "./expiry-reminders";

// Expiry reminders through the outbox, on both engines: each key × threshold announced once to
// its owner (console notice and e-mail), whatever the number of runs or console instances;
// rules and mutes respected; failed sends retried with backoff and given up after a day.

const DAY = 24 * 60 * 60_000;
let serial = 0;

async function makeTeam(db: Db) {
  const n = ++serial;
  const [team] = await db
    .insert(teams)
    .values({ name: `Ops ${n}` })
    .returning();
  const [owner] = await db
    .insert(users)
    .values({ email: `owner${n}@example.com`, name: "Owner" })
    .returning();
  const [admin] = await db
    .insert(users)
    .values({ email: `admin${n}@example.com`, name: "Admin" })
    .returning();
  await db.insert(memberships).values([
    { teamId: team!.id, userId: owner!.id, role: "member" },
    { teamId: team!.id, userId: admin!.id, role: "admin" },
  ]);
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
  const addKey = async (name: string, expiresAt: Date | null) => {
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
        issuedBy: owner!.id,
        expiresAt,
      })
      .returning();
    return key!;
  };
  const adminActor: Actor = { user: { id: admin!.id, email: admin!.email }, team: { id: team!.id, role: "admin" } };
  const ownerActor: Actor = { user: { id: owner!.id, email: owner!.email }, team: { id: team!.id, role: "member" } };
  return { teamId: team!.id, owner: owner!, admin: admin!, adminActor, ownerActor, addKey };
}

const mailsTo = (db: Db, teamId: string) =>
  db
    .select()
    .from(notificationOutbox)
    .where(eq(notificationOutbox.teamId, teamId))
    .orderBy(notificationOutbox.createdAt);
const noticesOf = (db: Db, userId: string) => db.select().from(notifications).where(eq(notifications.userId, userId));

describe.each(databaseEngines())("expiry reminders on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let otherDb: Db;

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    otherDb = handle.openAnother ? (await handle.openAnother()).db : db;
  });
  afterAll(() => handle?.close());

  it("tells the owner once per threshold: the 30-day reminder, then the 7-day and the 1-day ones", async () => {
    const t = await makeTeam(db);
    const now = new Date("2031-01-01T00:00:00Z");
    const key = await t.addKey("ci-deploy", new Date(now.getTime() + 20 * DAY));
    await t.addKey("never", null);

    await queueExpiryReminders(db, now);
    await queueExpiryReminders(db, new Date(now.getTime() + 60_000));
    let mails = await mailsTo(db, t.teamId);
    expect(mails.map((m) => [m.recipient, m.subject])).toEqual([
      [t.owner.email, "Key “ci-deploy” expires in 20 days (2031-01-21 00:00 UTC)."],
    ]);
    expect(mails[0]!.link).toBe(`/keys/${key.id}`);
    expect((await noticesOf(db, t.owner.id)).map((n) => n.message)).toEqual([mails[0]!.subject]);
    expect(await noticesOf(db, t.admin.id)).toEqual([]);

    await queueExpiryReminders(db, new Date(now.getTime() + 14 * DAY));
    await queueExpiryReminders(db, new Date(now.getTime() + 19.5 * DAY));
    await queueExpiryReminders(db, new Date(now.getTime() + 19.6 * DAY));
    mails = await mailsTo(db, t.teamId);
    expect(mails.map((m) => m.subject)).toEqual([
      "Key “ci-deploy” expires in 20 days (2031-01-21 00:00 UTC).",
      "Key “ci-deploy” expires in 6 days (2031-01-21 00:00 UTC).",
      "Key “ci-deploy” expires in 1 day (2031-01-21 00:00 UTC).",
    ]);
  });

  it("a key found with three days left gets the 7-day reminder only; a revoked key none", async () => {
    const t = await makeTeam(db);
    const now = new Date("2031-02-01T00:00:00Z");
    await t.addKey("late", new Date(now.getTime() + 3 * DAY));
    const gone = await t.addKey("gone", new Date(now.getTime() + 3 * DAY));
    await db.update(keys).set({ status: "revoked" }).where(eq(keys.id, gone.id));
    await queueExpiryReminders(db, now);
    expect((await mailsTo(db, t.teamId)).map((m) => m.subject)).toEqual([
      "Key “late” expires in 3 days (2031-02-04 00:00 UTC).",
    ]);
  });

  it("follows the team's rule (its thresholds, no e-mail) and the owner's mute", async () => {
    const t = await makeTeam(db);
    const now = new Date("2031-03-01T00:00:00Z");
    await t.addKey("fortnight", new Date(now.getTime() + 13 * DAY));
    await saveTeamRules(db, t.adminActor, {
      rules: [{ event: "key.expiring", channels: ["console"], thresholds: [14] }],
    });
    await queueExpiryReminders(db, now);
    expect(await mailsTo(db, t.teamId)).toEqual([]);
    expect((await noticesOf(db, t.owner.id)).map((n) => n.message)).toEqual([
      "Key “fortnight” expires in 13 days (2031-03-14 00:00 UTC).",
    ]);

    const u = await makeTeam(db);
    await u.addKey("muted", new Date(now.getTime() + 5 * DAY));
    await saveMutes(db, u.ownerActor, ["key.expiring"]);
    await queueExpiryReminders(db, now);
    expect(await mailsTo(db, u.teamId)).toEqual([]);
    expect(await noticesOf(db, u.owner.id)).toEqual([]);
  });

  it("two console instances racing send each reminder exactly once", async () => {
    const t = await makeTeam(db);
    const now = new Date("2031-04-01T00:00:00Z");
    for (let i = 0; i < 12; i++) await t.addKey(`k${i}`, new Date(now.getTime() + (i % 3 === 0 ? 0.5 : 20) * DAY));
    const sent: MailMessage[] = [];
    const mail = async (m: MailMessage) => {
      await new Promise((r) => setTimeout(r, 2));
      sent.push(m);
    };
    const settings = { mail, consoleUrl: "https://keyward.example" };
    await Promise.all([
      queueExpiryReminders(db, now),
      queueExpiryReminders(otherDb, now),
      queueExpiryReminders(db, now),
      queueExpiryReminders(otherDb, now),
    ]);
    await Promise.all([
      deliverOutbox(db, "instance-a", now, settings),
      deliverOutbox(otherDb, "instance-b", now, settings),
      deliverOutbox(db, "instance-c", now, settings),
    ]);
    const mine = sent.filter((m) => m.to === t.owner.email);
    expect(mine).toHaveLength(12);
    expect(new Set(mine.map((m) => m.subject)).size).toBe(12);
    expect(await noticesOf(db, t.owner.id)).toHaveLength(12);
    const rows = await mailsTo(db, t.teamId);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(rows.map(() => ["sent", 1]));
  });

  it("tells the admins before Keyward's own XSIAM or Trend credential expires, once per threshold", async () => {
    const t = await makeTeam(db);
    const now = new Date("2031-07-01T00:00:00Z");
    const [conn] = await db
      .insert(connections)
      .values({
        teamId: t.teamId,
        vendor: "xsiam",
        name: "SOC tenant",
        baseUrl: "https://api-soc.example.com",
        tlsMode: "system",
        settings: {},
        sealedSecrets: "sealed",
        credentialExpiresAt: new Date(now.getTime() + 6 * DAY),
      })
      .returning();
    await Promise.all([queueExpiryReminders(db, now), queueExpiryReminders(otherDb, now)]);
    await queueExpiryReminders(db, new Date(now.getTime() + DAY));
    const subject = "Keyward's credential for the connection “SOC tenant” expires in 6 days (2031-07-07 00:00 UTC).";
    expect((await mailsTo(db, t.teamId)).map((m) => [m.event, m.recipient, m.subject, m.link])).toEqual([
      ["connection.credential_expiring", t.admin.email, subject, `/connections/${conn!.id}`],
    ]);
    expect((await noticesOf(db, t.admin.id)).map((n) => n.message)).toEqual([subject]);
    expect(await noticesOf(db, t.owner.id)).toEqual([]);
  });

  it("retries a failed send with a growing delay, and shows it failed after a day", async () => {
    const t = await makeTeam(db);
    const now = new Date("2031-05-01T00:00:00Z");
    await t.addKey("flaky", new Date(now.getTime() + 2 * DAY));
    await queueExpiryReminders(db, now);
    const down = { mail: async () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:25")), consoleUrl: "x" };
    const mine = async () => (await mailsTo(db, t.teamId))[0]!;

    expect(await deliverOutbox(db, "a", now, down)).toMatchObject({ failed: 1 });
    let row = await mine();
    expect([row.status, row.attempts, row.lastError]).toEqual([
      "pending",
      1,
      "Error: connect ECONNREFUSED 127.0.0.1:25",
    ]);
    expect(row.nextAttemptAt.getTime() - now.getTime()).toBe(30_000);
    // Not due yet: nothing is tried.
    expect(await deliverOutbox(db, "a", new Date(now.getTime() + 10_000), down)).toEqual({
      sent: 0,
      held: 0,
      failed: 0,
    });
    await deliverOutbox(db, "a", new Date(now.getTime() + 30_000), down);
    row = await mine();
    expect(row.nextAttemptAt.getTime() - (now.getTime() + 30_000)).toBe(60_000);

    const sent: MailMessage[] = [];
    await deliverOutbox(db, "b", row.nextAttemptAt, { mail: async (m) => void sent.push(m), consoleUrl: "x" });
    expect([(await mine()).status, sent.length]).toEqual(["sent", 1]);

    const u = await makeTeam(db);
    await u.addKey("dead", new Date(now.getTime() + 2 * DAY));
    await queueExpiryReminders(db, now);
    let at = now;
    for (let i = 0; i < 40; i++) {
      await deliverOutbox(db, "a", at, down);
      const [r] = await mailsTo(db, u.teamId);
      if (r!.status !== "pending") break;
      at = r!.nextAttemptAt;
    }
    const [dead] = await mailsTo(db, u.teamId);
    expect(dead!.status).toBe("failed");
    expect(at.getTime() - now.getTime()).toBeLessThanOrEqual(DAY);
    expect(dead!.attempts).toBeGreaterThan(20);
  });

  it("holds e-mail for the local outbox page when no mail server is configured", async () => {
    const t = await makeTeam(db);
    const now = new Date("2031-06-01T00:00:00Z");
    await t.addKey("local", new Date(now.getTime() + 2 * DAY));
    await queueExpiryReminders(db, now);
    expect(await deliverOutbox(db, "a", now, { mail: null, consoleUrl: "x" })).toEqual({ sent: 0, held: 1, failed: 0 });
    const rows = await db
      .select()
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.teamId, t.teamId), eq(notificationOutbox.status, "held")));
    expect(rows).toHaveLength(1);
  });
});
