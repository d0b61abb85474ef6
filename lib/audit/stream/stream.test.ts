import tls from "node:tls";
import type { AddressInfo } from "node:net";
import { asc, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { testTls } from "@/test/support/tls";
import type { Db } from "@/lib/db/client";
import { auditEvents, auditStreams, memberships, teams, users } from "@/lib/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { rejection } from "@/test/support/rejection";
import { recordAuditAlone } from "../record";
import { streamAuditEvents } from "./run";
import { createStream, createStreamBodySchema, listStreams } from "./streams";

// Audit streaming to a syslog receiver over TLS (a Node TLS server standing in for rsyslog):
// RFC 5424 messages in octet-counted frames, each with its event's chain hash; a receiver that
// was down gets the backlog, in order, and nothing is lost; private addresses and an untrusted
// certificate are refused. Both engines.

/** Splits an octet-counted byte stream into messages (RFC 6587 §3.4.1). */
function frames(data: Buffer): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const len = Number(data.subarray(at, space).toString());
    out.push(data.subarray(space + 1, space + 1 + len).toString("utf8"));
    at = space + 1 + len;
  }
  return out;
}

function syslogReceiver(certPem: string, keyPem: string) {
  const messages: string[] = [];
  let server: tls.Server | null = null;
  return {
    messages,
    async start(port = 0): Promise<number> {
      server = tls.createServer({ cert: certPem, key: keyPem }, (socket) => {
        const chunks: Buffer[] = [];
        socket.on("data", (c: Buffer) => chunks.push(c));
        socket.on("end", () => messages.push(...frames(Buffer.concat(chunks))));
        socket.on("error", () => undefined);
      });
      await new Promise<void>((r) => server!.listen(port, "127.0.0.1", r));
      return (server.address() as AddressInfo).port;
    },
    address: () => `127.0.0.1:${(server!.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((r) => (server ? server.close(() => r()) : r())),
  };
}

const MESSAGE =
  /^<(\d+)>1 (\S+) keyward\.test keyward - (\S+) \[keyward@32473 id="(\d+)" hash="([0-9a-f]+)" prevHash="([0-9a-f]*)" outcome="(\w+)" team="([0-9a-f-]+)"\] \ufeff(.*)$/s;

describe.each(databaseEngines())("audit streaming on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let admin: Actor;
  let caPem: string;
  let receiver: ReturnType<typeof syslogReceiver>;
  const settings = { hostname: "keyward.test" };

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const t = await testTls();
    caPem = t.caPem;
    receiver = syslogReceiver(t.certPem, t.keyPem);
    const [team] = await db.insert(teams).values({ name: "SIEM" }).returning();
    const [user] = await db.insert(users).values({ email: "admin@example.com", name: "Admin" }).returning();
    await db.insert(memberships).values({ teamId: team!.id, userId: user!.id, role: "admin" });
    admin = { user: { id: user!.id, email: user!.email }, team: { id: team!.id, role: "admin" } };
  }, 120_000);
  afterAll(async () => {
    await receiver?.stop();
    await handle?.close();
  });

  const event = (n: number) =>
    recordAuditAlone(db, {
      teamId: admin.team.id,
      actor: admin.user,
      action: "key.issue",
      target: { type: "key", id: `k${n}` },
      outcome: n % 5 === 0 ? "failure" : "success",
      detail: { n },
    });
  const teamEvents = () =>
    db.select().from(auditEvents).where(eq(auditEvents.teamId, admin.team.id)).orderBy(asc(auditEvents.id));

  it("sends every event in order with its chain hash, and a receiver that was down gets the backlog", async () => {
    const port = await receiver.start();
    for (let n = 1; n <= 5; n++) await event(n);
    await createStream(
      db,
      admin,
      createStreamBodySchema.parse({ name: "SIEM", host: "127.0.0.1", port, caPem, allowPrivate: true }),
    );

    await streamAuditEvents(db, "a", new Date(), settings);
    let all = await teamEvents();
    const parsed = receiver.messages.map((m) => MESSAGE.exec(m));
    expect(parsed.every(Boolean)).toBe(true);
    expect(parsed.map((p) => Number(p![4]))).toEqual(all.map((e) => e.id));
    expect(parsed.map((p) => p![5])).toEqual(all.map((e) => e.hash));
    const fifth = parsed.find((p) => JSON.parse(p![9]!).detail.n === 5)!;
    // authpriv.warning for a failure, authpriv.info otherwise.
    expect([fifth[1], parsed[0]![1]]).toEqual(["84", "86"]);
    expect(JSON.parse(parsed[0]![9]!)).toMatchObject({ action: "key.issue", hash: all[0]!.hash });

    // The receiver goes down: nothing is lost, the lag and the error are shown.
    await receiver.stop();
    for (let n = 6; n <= 12; n++) await event(n);
    await streamAuditEvents(db, "a", new Date(), settings);
    let [view] = await listStreams(db, admin.team.id);
    expect(view!.lag).toBe((await teamEvents()).length - all.length);
    expect(view!.lastError).toMatch(/ECONNREFUSED/);

    await receiver.start(port);
    await streamAuditEvents(db, "b", new Date(), settings);
    all = await teamEvents();
    const ids = receiver.messages.map((m) => Number(MESSAGE.exec(m)![4]));
    expect(ids).toEqual(all.map((e) => e.id));
    [view] = await listStreams(db, admin.team.id);
    expect([view!.lag, view!.lastError]).toEqual([0, null]);
  });

  it("refuses a private address unless allowed, and a receiver whose certificate the CA does not vouch for", async () => {
    await db.delete(auditStreams);
    const port = Number(new URL(`tls://${receiver.address()}`).port);
    const before = receiver.messages.length;
    expect(
      (
        await rejection(
          createStream(
            db,
            admin,
            createStreamBodySchema.parse({ name: "P", host: "127.0.0.1", port, caPem, allowPrivate: false }),
          ),
        )
      ).fields,
    ).toEqual({ host: expect.stringContaining("private or loopback") });
    // A name that resolves to loopback is refused at the connection.
    await createStream(
      db,
      admin,
      createStreamBodySchema.parse({ name: "Private", host: "localhost", port, caPem, allowPrivate: false }),
    );
    await streamAuditEvents(db, "a", new Date(), settings);
    let [view] = await listStreams(db, admin.team.id);
    expect(view!.lastError).toMatch(/private or loopback/);

    await db.delete(auditStreams);
    await createStream(
      db,
      admin,
      createStreamBodySchema.parse({ name: "No CA", host: "localhost", port, caPem: "", allowPrivate: true }),
    );
    await streamAuditEvents(db, "a", new Date(), settings);
    [view] = await listStreams(db, admin.team.id);
    expect(view!.lastError).toMatch(/certificate/i);
    expect(receiver.messages.length).toBe(before);
  });

  it("sends the team's members' sign-ins, which belong to no team, and nobody else's", async () => {
    await db.delete(auditStreams);
    const t = await testTls();
    const own = syslogReceiver(t.certPem, t.keyPem);
    const port = await own.start();
    try {
      const [stranger] = await db.insert(users).values({ email: "stranger@example.com", name: "S" }).returning();
      const [newest] = await db.select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
      const cursor = newest!.id;
      const signIn = (user: { id: string; email: string }) =>
        recordAuditAlone(db, {
          teamId: null,
          actor: user,
          action: "auth.login",
          target: null,
          outcome: "success",
          detail: {},
        });
      await signIn(admin.user);
      await signIn({ id: stranger!.id, email: stranger!.email });
      await event(100);
      const { id } = await createStream(
        db,
        admin,
        createStreamBodySchema.parse({ name: "Members", host: "127.0.0.1", port, caPem: t.caPem, allowPrivate: true }),
      );
      await db.update(auditStreams).set({ cursor }).where(eq(auditStreams.id, id));
      let [view] = await listStreams(db, admin.team.id);
      // The admin's sign-in, the key event and the stream's own creation; not the stranger's sign-in.
      expect(view!.lag).toBe(3);

      await streamAuditEvents(db, "a", new Date(), { hostname: "keyward.test" });
      const sent = own.messages.map((m) => JSON.parse(m.slice(m.indexOf("\ufeff") + 1)) as Record<string, unknown>);
      expect(sent.map((e) => [e.action, e.actorEmail])).toEqual([
        ["auth.login", "admin@example.com"],
        ["key.issue", "admin@example.com"],
        ["audit_stream.create", "admin@example.com"],
      ]);
      [view] = await listStreams(db, admin.team.id);
      expect(view!.lag).toBe(0);
    } finally {
      await own.stop();
    }
  });
});
