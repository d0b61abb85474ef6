import https from "node:https";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { testTls } from "@/test/support/tls";
import { rejection } from "@/test/support/rejection";
import type { Db } from "@/lib/db/client";
import { auditEvents, auditStreams, memberships, teams, users } from "@/lib/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { zodFieldErrors } from "@/lib/api/zod-errors";
import { recordAuditAlone } from "../record";
import { streamAuditEvents } from "./run";
import { createStream, createStreamBodySchema, listStreams } from "./streams";

// Audit streaming as HTTPS JSON lines to a real HTTPS receiver: each batch one POST of
// application/x-ndjson with the stream's Authorization header; only a 2xx moves the cursor, so a
// receiver that was down or answered 500 gets the backlog later, in order, with no gaps. Both engines.

interface Batch {
  contentType: string | undefined;
  authorization: string | undefined;
  lines: Array<Record<string, unknown>>;
}

/** An HTTPS (or plain HTTP) receiver that answers `status` and keeps what it took with a 2xx. */
function receiver(tls: { certPem: string; keyPem: string } | null) {
  const batches: Batch[] = [];
  let status = 200;
  let server: http.Server | null = null;
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (status >= 200 && status < 300)
        batches.push({
          contentType: req.headers["content-type"],
          authorization: req.headers.authorization,
          lines: Buffer.concat(chunks)
            .toString("utf8")
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Record<string, unknown>),
        });
      res.writeHead(status, status === 302 ? { location: "https://elsewhere.example/" } : {}).end();
    });
  };
  return {
    batches,
    answer: (s: number) => void (status = s),
    async start(port = 0): Promise<number> {
      server = tls ? https.createServer({ cert: tls.certPem, key: tls.keyPem }, handler) : http.createServer(handler);
      await new Promise<void>((r) => server!.listen(port, "127.0.0.1", r));
      return (server.address() as AddressInfo).port;
    },
    stop: () =>
      new Promise<void>((r) => {
        if (!server) return r();
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

const input = (b: z.input<typeof createStreamBodySchema>) => createStreamBodySchema.parse(b);

describe.each(databaseEngines())("audit streaming as HTTPS JSON lines on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let admin: Actor;
  let caPem: string;
  let secure: ReturnType<typeof receiver>;
  let plain: ReturnType<typeof receiver>;
  const settings = { hostname: "keyward.test" };

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const t = await testTls();
    caPem = t.caPem;
    secure = receiver(t);
    plain = receiver(null);
    const [team] = await db.insert(teams).values({ name: "SIEM" }).returning();
    const [user] = await db.insert(users).values({ email: "admin@example.com", name: "Admin" }).returning();
    await db.insert(memberships).values({ teamId: team!.id, userId: user!.id, role: "admin" });
    admin = { user: { id: user!.id, email: user!.email }, team: { id: team!.id, role: "admin" } };
  }, 120_000);
  afterAll(async () => {
    await secure?.stop();
    await plain?.stop();
    await handle?.close();
  });

  let n = 0;
  const events = async (count: number) => {
    for (let i = 0; i < count; i++) {
      n++;
      await recordAuditAlone(db, {
        teamId: admin.team.id,
        actor: admin.user,
        action: "key.issue",
        target: { type: "key", id: `k${n}` },
        outcome: n % 5 === 0 ? "failure" : "success",
        detail: { n },
      });
    }
  };
  const teamEvents = () =>
    db.select().from(auditEvents).where(eq(auditEvents.teamId, admin.team.id)).orderBy(asc(auditEvents.id));
  const received = () => secure.batches.flatMap((b) => b.lines);

  it("posts JSON lines with the Authorization header; a receiver down or answering 500 gets the backlog, in order", async () => {
    const port = await secure.start();
    await events(4);
    await createStream(
      db,
      admin,
      input({
        kind: "http",
        name: "Lake",
        url: `https://localhost:${port}/ingest`,
        authorization: "Bearer lake-token-123",
        caPem,
        allowPrivate: true,
      }),
    );
    // Sealed at rest: the row holds no trace of the token, the page's view says only that there is one.
    const [row] = await db.select().from(auditStreams);
    expect(JSON.stringify(row)).not.toContain("lake-token-123");
    let [view] = await listStreams(db, admin.team.id);
    expect(view).toMatchObject({ kind: "http", target: `https://localhost:${port}/ingest`, hasAuthorization: true });
    expect(JSON.stringify(view)).not.toContain("lake-token-123");

    await streamAuditEvents(db, "a", new Date(), settings);
    let all = await teamEvents();
    expect(secure.batches.map((b) => [b.contentType, b.authorization])).toEqual([
      ["application/x-ndjson", "Bearer lake-token-123"],
    ]);
    expect(received().map((l) => l.id)).toEqual(all.map((e) => e.id));
    const first = all.find((e) => e.targetId === "k1")!;
    expect(received()[0]).toEqual({
      id: first.id,
      at: first.at.toISOString(),
      teamId: admin.team.id,
      actorId: admin.user.id,
      actorEmail: admin.user.email,
      action: "key.issue",
      target: { type: "key", id: "k1" },
      outcome: "success",
      detail: { n: 1 },
      prevHash: first.prevHash,
      hash: first.hash,
      keyed: first.keyed,
    });

    // Down: the events wait, the lag and the connection error are shown.
    await secure.stop();
    await events(3);
    await streamAuditEvents(db, "a", new Date(), settings);
    [view] = await listStreams(db, admin.team.id);
    expect(view!.lag).toBe(3);
    expect(view!.lastError).toMatch(/ECONNREFUSED/);
    expect(view!.lastErrorAt).not.toBeNull();

    // Up but failing: a 500 keeps the cursor too, and the error says what the receiver answered.
    await secure.start(port);
    secure.answer(500);
    await events(2);
    await streamAuditEvents(db, "b", new Date(), settings);
    [view] = await listStreams(db, admin.team.id);
    expect([view!.lag, view!.lastError]).toEqual([5, "Error: The receiver answered 500."]);

    // A redirect is not followed and does not count as taken.
    secure.answer(302);
    await streamAuditEvents(db, "b", new Date(), settings);
    [view] = await listStreams(db, admin.team.id);
    expect([view!.lag, view!.lastError]).toEqual([5, expect.stringContaining("redirect")]);

    secure.answer(204);
    await streamAuditEvents(db, "c", new Date(), settings);
    all = await teamEvents();
    const ids = received().map((l) => l.id as number);
    expect(ids).toEqual(all.map((e) => e.id));
    expect(new Set(ids).size).toBe(ids.length);
    [view] = await listStreams(db, admin.team.id);
    expect([view!.lag, view!.lastError]).toEqual([0, null]);
  });

  it("refuses plain http unless allowed, and then sends over it", async () => {
    await db.delete(auditStreams);
    const port = await plain.start();
    const url = `http://127.0.0.1:${port}/ingest`;
    expect(
      (await rejection(createStream(db, admin, input({ kind: "http", name: "Plain", url, allowPrivate: true }))))
        .fields,
    ).toEqual({ url: "Use an https:// URL (or allow plain http for this endpoint)." });
    await createStream(db, admin, input({ kind: "http", name: "Plain", url, allowHttp: true, allowPrivate: true }));
    await streamAuditEvents(db, "a", new Date(), settings);
    const [view] = await listStreams(db, admin.team.id);
    expect([view!.lag, view!.lastError]).toEqual([0, null]);
    expect(plain.batches.flatMap((b) => b.lines).map((l) => l.id)).toEqual((await teamEvents()).map((e) => e.id));
    // No Authorization value was given, so none is sent.
    expect(plain.batches[0]!.authorization).toBeUndefined();
  });

  it("refuses a private address unless allowed: at creation for an address, at connection for a name", async () => {
    await db.delete(auditStreams);
    // Nothing needs to listen: the address is refused before any connection.
    const port = 9;
    expect(
      (
        await rejection(
          createStream(db, admin, input({ kind: "http", name: "P", url: `https://127.0.0.1:${port}/`, caPem })),
        )
      ).fields,
    ).toEqual({ url: expect.stringContaining("private or loopback") });
    const before = received().length;
    await createStream(db, admin, input({ kind: "http", name: "Named", url: `https://localhost:${port}/`, caPem }));
    await streamAuditEvents(db, "a", new Date(), settings);
    const [view] = await listStreams(db, admin.team.id);
    expect(view!.lastError).toMatch(/private or loopback/);
    expect(received().length).toBe(before);
  });

  it("names each field that is wrong, for each kind", () => {
    const fields = (b: unknown) => {
      const parsed = createStreamBodySchema.safeParse(b);
      return parsed.success ? {} : zodFieldErrors(parsed.error);
    };
    expect(fields({ kind: "http", name: "" })).toEqual({
      name: "Name the stream.",
      url: "Enter the receiver's URL, like https://siem.example.com/ingest.",
    });
    expect(fields({ kind: "syslog", name: "S", host: "" })).toEqual({
      host: "Enter the receiver's host name or address.",
      port: "A port from 1 to 65535.",
    });
    expect(fields({ kind: "kafka", name: "K" })).toMatchObject({ kind: "Choose syslog (TLS) or HTTPS JSON lines." });
    expect(fields({ kind: "http", name: "H", url: "https://x.example/", authorization: "Bearer a\nb" })).toEqual({
      authorization: "Printable ASCII only, on one line (for example: Bearer abc123).",
    });
  });

  it.each([
    ["not a URL", "siem.example.com/ingest", "Enter a full URL, like https://hooks.example.com/keyward."],
    ["ftp", "ftp://siem.example.com/ingest", "Use an https:// URL (or allow plain http for this endpoint)."],
    ["metadata address", "https://169.254.169.254/latest", expect.stringContaining("private or loopback")],
    [
      "credentials in the URL",
      "https://u:p@siem.example.com/",
      "Leave credentials out of the URL: put them in the Authorization header field.",
    ],
  ])("refuses a URL that is %s with a 422 naming the URL field", async (_what, url, message) => {
    const err = await rejection(createStream(db, admin, input({ kind: "http", name: "Bad", url })));
    expect([err.status, err.fields]).toEqual([422, { url: message }]);
  });
});
