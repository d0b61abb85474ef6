import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testTls } from "@/test/support/tls";
import { databaseEngines } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { memberships, notificationOutbox, teams, users } from "@/lib/db/schema";
import { deliverOutbox } from "./deliver";
import { smtpSender } from "./mail";
import { notify } from "./notify";

// E-mail through a real SMTP server started here: STARTTLS against the test CA, a password,
// plain text and HTML with a link into the console; a refused password is retried and its
// error never carries the password.

const PASSWORD = "smtp-Pa55word-never-shown";

describe("e-mail over SMTP", () => {
  const received: ParsedMail[] = [];
  let server: SMTPServer;
  let port: number;
  let caPem: string;
  let db: Db;
  let close: () => Promise<void>;
  let teamId: string;
  let userId: string;

  beforeAll(async () => {
    const tls = await testTls();
    caPem = tls.caPem;
    server = new SMTPServer({
      key: tls.keyPem,
      cert: tls.certPem,
      authOptional: false,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === "keyward" && auth.password === PASSWORD) callback(null, { user: "keyward" });
        else callback(new Error("Invalid username or password"));
      },
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.server.address() as AddressInfo).port;

    const handle = await databaseEngines()[0]!.open();
    db = handle.db;
    close = () => handle.close();
    const [team] = await db.insert(teams).values({ name: "Mail" }).returning();
    const [user] = await db.insert(users).values({ email: "dana@example.com", name: "Dana" }).returning();
    await db.insert(memberships).values({ teamId: team!.id, userId: user!.id, role: "member" });
    teamId = team!.id;
    userId = user!.id;
  }, 120_000);
  afterAll(async () => {
    await close?.();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const url = (password: string) => `smtp://keyward:${encodeURIComponent(password)}@127.0.0.1:${port}`;

  it("delivers plain text and HTML with a link into the console, over STARTTLS", async () => {
    const now = new Date();
    await notify(
      db,
      {
        teamId,
        event: "request.decided",
        occurrence: "req-1",
        to: [userId],
        subject: "Your request “ci-deploy” was approved.",
        link: "/requests#req-1",
      },
      now,
    );
    const mail = smtpSender({ url: url(PASSWORD), from: "Keyward <keyward@ops.example>", caPem, requireTls: true });
    expect(await deliverOutbox(db, "a", now, { mail, consoleUrl: "https://keyward.ops.example/" })).toEqual({
      sent: 1,
      held: 0,
      failed: 0,
    });
    expect(received).toHaveLength(1);
    const got = received[0]!;
    expect(got.subject).toBe("[Keyward] Your request “ci-deploy” was approved.");
    expect(got.from?.value[0]).toMatchObject({ name: "Keyward", address: "keyward@ops.example" });
    expect(got.to && !Array.isArray(got.to) ? got.to.text : "").toBe("dana@example.com");
    expect(got.text).toContain("Your request “ci-deploy” was approved.");
    expect(got.text).toContain("Open in Keyward: https://keyward.ops.example/requests#req-1");
    expect(got.html).toContain('<a href="https://keyward.ops.example/requests#req-1">Open in Keyward</a>');
    expect(got.html).toContain("https://keyward.ops.example/notifications");
  });

  it("keeps a refused login for a retry, and its error never holds the password", async () => {
    const now = new Date();
    await notify(
      db,
      { teamId, event: "request.lapsed", occurrence: "req-2", to: [userId], subject: "Lapsed.", link: "/requests" },
      now,
    );
    const wrong = "Wr0ng-" + PASSWORD;
    const mail = smtpSender({ url: url(wrong), from: "k@ops.example", caPem, requireTls: true });
    expect(await deliverOutbox(db, "a", now, { mail, consoleUrl: "https://k" })).toMatchObject({ failed: 1 });
    const rows = await db.select().from(notificationOutbox);
    const row = rows.find((r) => r.dedupeKey.includes("req-2"))!;
    expect(row.status).toBe("pending");
    expect(row.lastError).toMatch(/Invalid login|auth/i);
    expect(JSON.stringify(rows)).not.toContain(wrong);
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
  });

  it("refuses to send in clear text when the server offers no STARTTLS", async () => {
    const plain = new SMTPServer({ disabledCommands: ["STARTTLS"], authOptional: true, logger: false });
    await new Promise<void>((r) => plain.listen(0, "127.0.0.1", r));
    const plainPort = (plain.server.address() as AddressInfo).port;
    try {
      const mail = smtpSender({ url: `smtp://127.0.0.1:${plainPort}`, from: "k@ops.example", requireTls: true });
      await expect(mail({ to: "a@example.com", subject: "s", text: "t", html: "<p>t</p>" })).rejects.toThrow();
    } finally {
      await new Promise<void>((r) => plain.close(() => r()));
    }
  });
});
