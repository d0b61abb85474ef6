import type { Actor } from "@/lib/auth/actor";
import { inTransaction } from "@/lib/db/transaction";
import { randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { asSuperuserWithoutAuditTriggers } from "@/test/support/audit";
import { testTls } from "@/test/support/tls";
import type { Db } from "@/lib/db/client";
import { auditEvents, connections, memberships, teams, users } from "@/lib/db/schema";
import { createConnection } from "@/lib/connections/save-connection";
import { recordAudit, recordAuditAlone } from "./record";
import { SecretInAuditDetailError } from "./secret-guard";
import { verifyAuditChain } from "./verify";
import { describeChainBreak, verifyChainForTeam } from "./verify-report";

// What keeps the log honest: the database refuses edits, a secret-named detail or a failed
// audit write undoes the action it records, and verify names the event someone tampered with.

describe.each(databaseEngines())("append-only, fail-closed audit log on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let caPem: string;
  let actor: Actor;
  let otherTeamId: string;

  const rejectionOf = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => e as Error,
    );
  const messageChain = (e: unknown): string =>
    e ? `${(e as Error).message} ${messageChain((e as { cause?: unknown }).cause)}` : "";

  beforeAll(async () => {
    [handle, { caPem }] = await Promise.all([engine.open(), testTls()]);
    db = handle.db;
    const [team, other] = await db
      .insert(teams)
      .values([{ name: "Audited" }, { name: "Elsewhere" }])
      .returning();
    otherTeamId = other!.id;
    const [user] = await db
      .insert(users)
      .values({ email: `aud-${team!.id}@example.com`, name: "Aud" })
      .returning();
    await db.insert(memberships).values({ teamId: team!.id, userId: user!.id, role: "admin" });
    actor = { user: { id: user!.id, email: user!.email }, team: { id: team!.id, role: "admin" } };
    for (let n = 1; n <= 4; n++)
      await recordAuditAlone(db, {
        teamId: n % 2 ? team!.id : otherTeamId,
        action: "key.issue",
        outcome: "success",
        detail: { n },
      });
  });
  afterAll(() => handle?.close());

  it.each([
    ["UPDATE", sql`update audit_events set outcome = 'failure'`],
    ["DELETE", sql`delete from audit_events`],
    ["TRUNCATE", sql`truncate audit_events`],
  ])("refuses %s of audit rows in the database itself", async (op, statement) => {
    const before = await db.$count(auditEvents);
    const err = await rejectionOf(db.execute(statement));
    expect(messageChain(err)).toContain(`append-only: ${op} is not allowed`);
    expect(await db.$count(auditEvents)).toBe(before);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("refuses a detail field named like a secret, and the action in the same transaction rolls back", async () => {
    const name = `Never created ${randomUUID()}`;
    const err = await rejectionOf(
      inTransaction(db, async (tx) => {
        await tx.insert(teams).values({ name });
        await recordAudit(tx, {
          teamId: actor.team.id,
          action: "team.create",
          outcome: "success",
          detail: { name, vendor: { adminPassword: "hunter2" } },
        });
      }),
    );
    expect(err).toBeInstanceOf(SecretInAuditDetailError);
    expect(err!.message).toContain("vendor.adminPassword");
    expect(err!.message).not.toContain("hunter2");
    expect(await db.$count(teams, eq(teams.name, name))).toBe(0);
  });

  it("does not create a connection whose audit event cannot be written", async () => {
    const name = `Firewall ${randomUUID().slice(0, 8)}`;
    const before = { connections: await db.$count(connections), events: await db.$count(auditEvents) };
    // A superuser's trigger stands in for any failed audit insert (disk full, lost connection, a bug).
    await db.execute(
      sql.raw(
        `create function audit_insert_fails() returns trigger language plpgsql as $$ begin raise exception 'audit device unavailable'; end; $$`,
      ),
    );
    await db.execute(
      sql.raw(
        `create trigger audit_insert_fails before insert on audit_events for each row execute function audit_insert_fails()`,
      ),
    );
    try {
      const err = await rejectionOf(
        createConnection(db, actor, {
          vendor: "panos",
          name,
          baseUrl: "https://192.0.2.10",
          tlsMode: "ca",
          caPem,
          settings: { username: "api-admin" },
          secrets: { password: "Pw-never-stored-1" },
        }),
      );
      expect(messageChain(err)).toContain("audit device unavailable");
    } finally {
      await db.execute(sql.raw(`drop trigger audit_insert_fails on audit_events`));
      await db.execute(sql.raw(`drop function audit_insert_fails()`));
    }
    expect({ connections: await db.$count(connections), events: await db.$count(auditEvents) }).toEqual(before);
    expect(await db.$count(connections, eq(connections.name, name))).toBe(0);
    // With the audit log writable again the same action goes through, recorded.
    await createConnection(db, actor, {
      vendor: "panos",
      name,
      baseUrl: "https://192.0.2.10",
      tlsMode: "ca",
      caPem,
      settings: { username: "api-admin" },
      secrets: { password: "Pw-never-stored-1" },
    });
    expect(await db.$count(connections, eq(connections.name, name))).toBe(1);
  });

  it("reports the row a superuser edited with the triggers off, and tells a team only what is its own", async () => {
    const rows = await db.select().from(auditEvents).orderBy(asc(auditEvents.id));
    expect(await verifyChainForTeam(db, actor.team.id, actor.user)).toEqual({ ok: true, checked: rows.length });
    const verified = (await db.select().from(auditEvents).orderBy(asc(auditEvents.id))).at(-1)!;
    expect(verified).toMatchObject({
      action: "audit.verify",
      outcome: "success",
      actorId: actor.user.id,
      detail: { checked: rows.length },
    });

    // Another team's event (n = 2) is edited: the team learns the id and time, not what it was.
    const theirs = rows.find((r) => r.detail.n === 2)!;
    await asSuperuserWithoutAuditTriggers(db, (tx) =>
      tx.execute(sql`update audit_events set detail = '{"n": 2, "edited": true}' where id = ${theirs.id}`),
    );
    const full = await describeChainBreak(db);
    expect(full).toMatchObject({
      ok: false,
      checked: 1,
      break: {
        id: theirs.id,
        at: theirs.at.toISOString(),
        action: "key.issue",
        reason: expect.stringContaining("edited"),
      },
    });
    const forTeam = await verifyChainForTeam(db, actor.team.id, actor.user);
    expect(forTeam).toEqual({
      ok: false,
      checked: 1,
      break: { id: theirs.id, at: theirs.at.toISOString(), reason: expect.stringContaining("edited") },
    });
    expect(JSON.stringify(forTeam)).not.toContain("key.issue");

    // When the broken event is the team's own, the team sees its action too.
    await asSuperuserWithoutAuditTriggers(db, (tx) =>
      tx.execute(sql`update audit_events set detail = '{"n": 2}' where id = ${theirs.id}`),
    );
    const ours = rows.find((r) => r.detail.n === 3)!;
    await asSuperuserWithoutAuditTriggers(db, (tx) =>
      tx.execute(sql`update audit_events set outcome = 'denied' where id = ${ours.id}`),
    );
    expect(await verifyChainForTeam(db, actor.team.id, actor.user)).toMatchObject({
      ok: false,
      break: { id: ours.id, action: "key.issue" },
    });
    const last = (await db.select().from(auditEvents).orderBy(asc(auditEvents.id))).at(-1)!;
    expect(last).toMatchObject({ action: "audit.verify", outcome: "failure", detail: { brokenAt: ours.id } });
  });
});
