import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { rejection } from "@/test/support/rejection";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { memberships, notificationOutbox, teams, users, webhooks } from "@/lib/db/schema";
import { deliverNow, deliverOutbox } from "./deliver";
import { notify } from "./notify";
import { createWebhook, createWebhookBodySchema, queueTestDelivery } from "./webhooks";
import { NextRequest } from "next/server";
import { errorResponse, readBody } from "@/lib/api/http";

// Webhooks on both engines: deliveries leave from the outbox (the action that caused them never
// waits), signed by Standard Webhooks and checked with the reference library; a failing endpoint
// is retried, a redirect is not followed, and private addresses are refused unless allowed.

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

function receiver(answer: (path: string) => { status: number; location?: string }) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body });
      const a = answer(req.url ?? "");
      res.writeHead(a.status, a.location ? { location: a.location } : {});
      res.end("ok");
    });
  });
  return {
    received,
    async start() {
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const settings = { mail: null, consoleUrl: "https://keyward.example" };
let serial = 0;

describe.each(databaseEngines())("webhooks on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let admin: Actor;
  let status = 200;
  const hook = receiver((path) => (path === "/moved" ? { status: 302, location: "/elsewhere" } : { status }));
  let base = "";

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    base = await hook.start();
    const [team] = await db.insert(teams).values({ name: "Hooks" }).returning();
    const [user] = await db.insert(users).values({ email: "admin@example.com", name: "Admin" }).returning();
    await db.insert(memberships).values({ teamId: team!.id, userId: user!.id, role: "admin" });
    admin = { user: { id: user!.id, email: user!.email }, team: { id: team!.id, role: "admin" } };
  }, 120_000);
  afterAll(async () => {
    await hook.close();
    await handle?.close();
  });

  const waiting = (occurrence: string) =>
    notify(db, {
      teamId: admin.team.id,
      event: "request.waiting",
      occurrence,
      to: [],
      subject: "dana@example.com requests a key “ci”.",
      link: "/approvals",
    });
  const local = { allowHttp: true, allowPrivate: true, format: "standard" as const };

  it("signs each delivery so the reference library verifies it; the secret is shown once and stored sealed", async () => {
    const { webhook, secret } = await createWebhook(db, admin, {
      name: "Automation",
      url: `${base}/hook`,
      events: ["request.waiting"],
      ...local,
    });
    expect(secret).toMatch(/^whsec_/);
    const [row] = await db.select().from(webhooks).where(eq(webhooks.id, webhook.id));
    expect(row!.sealedSecret).not.toContain(secret.slice(6));

    const before = hook.received.length;
    await waiting(`r-${++serial}`);
    // Queued, not sent: the action that caused it did not wait for the endpoint.
    expect(hook.received.length).toBe(before);
    expect(await deliverOutbox(db, "a", new Date(), settings)).toMatchObject({ sent: 1 });
    const got = hook.received.at(-1)!;
    const verified = new Webhook(secret).verify(got.body, got.headers as Record<string, string>) as {
      type: string;
      data: { subject: string; link: string };
    };
    expect(verified.type).toBe("request.waiting");
    expect(verified.data).toMatchObject({ subject: "dana@example.com requests a key “ci”.", link: "/approvals" });
    expect(() =>
      new Webhook(secret).verify(got.body.replace("ci", "cj"), got.headers as Record<string, string>),
    ).toThrow();
    await db.delete(webhooks).where(eq(webhooks.id, webhook.id));
  });

  it("retries an endpoint that fails, records its answer, and sends the test delivery at once", async () => {
    const { webhook, secret } = await createWebhook(db, admin, {
      name: "Flaky",
      url: `${base}/flaky`,
      events: ["request.waiting"],
      ...local,
    });
    status = 503;
    await waiting(`r-${++serial}`);
    // Taken after queueing: the delivery is due from the moment it was queued, not before.
    const now = new Date();
    await deliverOutbox(db, "a", now, settings);
    const [failed] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.webhookId, webhook.id));
    expect([failed!.status, failed!.lastStatusCode, failed!.lastError]).toEqual([
      "pending",
      503,
      "The endpoint answered 503.",
    ]);
    status = 200;
    await deliverOutbox(db, "a", failed!.nextAttemptAt, settings);
    const [sent] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.webhookId, webhook.id));
    expect([sent!.status, sent!.lastStatusCode, sent!.attempts]).toEqual(["sent", 200, 2]);
    // Same message id on the retry, so the receiver can drop a repeat.
    const ids = hook.received.filter((r) => r.path === "/flaky").map((r) => r.headers["webhook-id"]);
    expect(new Set(ids).size).toBe(1);

    const testId = await queueTestDelivery(db, admin, webhook.id);
    expect(await deliverNow(db, testId, "ui", new Date(), settings)).toEqual({ kind: "sent", statusCode: 200 });
    const test = hook.received.at(-1)!;
    expect(
      (new Webhook(secret).verify(test.body, test.headers as Record<string, string>) as { type: string }).type,
    ).toBe("webhook.test");
    await db.delete(webhooks).where(eq(webhooks.id, webhook.id));
  });

  it("sends Slack and Teams endpoints their own message shapes, with a console link and no secret; Send test too", async () => {
    const slack = await createWebhook(db, admin, {
      name: "Slack",
      url: `${base}/slack`,
      events: ["request.waiting"],
      ...local,
      format: "slack",
    });
    const teamsHook = await createWebhook(db, admin, {
      name: "Teams",
      url: `${base}/teams`,
      events: ["request.waiting"],
      ...local,
      format: "teams",
    });
    expect([slack.webhook.format, teamsHook.webhook.format]).toEqual(["slack", "teams"]);
    await waiting(`r-${++serial}`);
    expect(await deliverOutbox(db, "a", new Date(), settings)).toMatchObject({ sent: 2 });
    const last = (path: string) => hook.received.filter((r) => r.path === path).at(-1)!;

    const s = JSON.parse(last("/slack").body) as {
      text: string;
      blocks: Array<{ type: string; text?: { type: string; text: string } }>;
    };
    expect(s.text).toBe("dana@example.com requests a key “ci”.");
    const section = s.blocks.find((b) => b.type === "section")!;
    expect(section.text!.type).toBe("mrkdwn");
    expect(section.text!.text).toContain("*dana@example.com requests a key “ci”.*");
    expect(section.text!.text).toContain("<https://keyward.example/approvals|Open in Keyward>");

    const t = JSON.parse(last("/teams").body) as {
      type: string;
      attachments: Array<{
        contentType: string;
        content: {
          type: string;
          version: string;
          body: Array<{ type: string; text: string }>;
          actions: Array<{ type: string; url: string; title: string }>;
        };
      }>;
    };
    expect(t.type).toBe("message");
    expect(t.attachments).toHaveLength(1);
    const card = t.attachments[0]!;
    expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect([card.content.type, card.content.version]).toEqual(["AdaptiveCard", "1.4"]);
    expect(card.content.body[0]).toMatchObject({ type: "TextBlock", text: "dana@example.com requests a key “ci”." });
    expect(card.content.actions).toEqual([
      { type: "Action.OpenUrl", title: "Open in Keyward", url: "https://keyward.example/approvals" },
    ]);

    for (const [path, { webhook, secret }] of [
      ["/slack", slack],
      ["/teams", teamsHook],
    ] as const) {
      const got = last(path);
      // The Standard Webhooks headers ride along (and verify), but the body never holds the secret.
      expect(got.headers["webhook-signature"]).toMatch(/^v1,/);
      expect(() => new Webhook(secret).verify(got.body, got.headers as Record<string, string>)).not.toThrow();
      expect(got.body).not.toContain(secret.slice(6, 20));
      expect(got.body).not.toContain("whsec_");

      const testId = await queueTestDelivery(db, admin, webhook.id);
      expect(await deliverNow(db, testId, "ui", new Date(), settings)).toEqual({ kind: "sent", statusCode: 200 });
      const test = last(path).body;
      expect(test).toContain("Test delivery from Keyward, sent by admin@example.com.");
      expect(test).toContain("https://keyward.example/integrations");
      expect(test).not.toContain("whsec_");
      await db.delete(webhooks).where(eq(webhooks.id, webhook.id));
    }
    expect(Object.keys(JSON.parse(last("/slack").body) as object).sort()).toEqual(["blocks", "text"]);
    expect((JSON.parse(last("/teams").body) as { type: string }).type).toBe("message");
  });

  it("refuses a format it does not know with 422 naming the field", async () => {
    const req = new NextRequest("http://127.0.0.1:3000/api/webhooks", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "x", url: "https://hooks.example.com/x", events: ["key.ended"], format: "discord" }),
    });
    const res = errorResponse(await readBody(req, createWebhookBodySchema).catch((e: unknown) => e));
    const body = (await res.json()) as { error: { fields?: Record<string, string> } };
    expect(res.status).toBe(422);
    expect(body.error.fields?.format).toBe("Choose a format: standard, slack, teams.");
  });

  it("does not follow a redirect", async () => {
    const { webhook } = await createWebhook(db, admin, {
      name: "Moved",
      url: `${base}/moved`,
      events: ["request.waiting"],
      ...local,
    });
    await waiting(`r-${++serial}`);
    await deliverOutbox(db, "a", new Date(), settings);
    const [row] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.webhookId, webhook.id));
    expect([row!.status, row!.lastStatusCode]).toEqual(["pending", 302]);
    expect(row!.lastError).toContain("redirect");
    expect(hook.received.some((r) => r.path === "/elsewhere")).toBe(false);
    await db.delete(webhooks).where(eq(webhooks.id, webhook.id));
  });

  it("refuses plain http and private addresses unless the admin allows them, also behind a name", async () => {
    const input = { name: "x", events: ["request.waiting" as const], format: "standard" as const };
    expect(
      await rejection(createWebhook(db, admin, { ...input, url: `${base}/x`, allowHttp: false, allowPrivate: true })),
    ).toMatchObject({ status: 422, fields: { url: expect.stringContaining("https://") } });
    expect(
      await rejection(
        createWebhook(db, admin, {
          ...input,
          url: "https://169.254.169.254/latest",
          allowHttp: false,
          allowPrivate: false,
        }),
      ),
    ).toMatchObject({ status: 422, fields: { url: expect.stringContaining("private") } });

    // A name that resolves to loopback passes the form, and is refused at the connection.
    const port = new URL(base).port;
    const { webhook } = await createWebhook(db, admin, {
      ...input,
      url: `http://localhost:${port}/sneaky`,
      allowHttp: true,
      allowPrivate: false,
    });
    await waiting(`r-${++serial}`);
    await deliverOutbox(db, "a", new Date(), settings);
    const [row] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.webhookId, webhook.id));
    expect(row!.status).toBe("pending");
    expect(row!.lastError).toContain("private or loopback");
    expect(hook.received.some((r) => r.path === "/sneaky")).toBe(false);
  });
});
