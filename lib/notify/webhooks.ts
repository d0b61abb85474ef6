import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { notificationOutbox, webhooks } from "@/lib/db/schema";
import { inTransaction } from "@/lib/db/transaction";
import { recordAudit } from "@/lib/audit/record";
import { seal, unseal } from "@/lib/crypto/seal";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { NOTIFY_EVENTS } from "./events";
import type { Notice } from "./notify";
import { GIVE_UP_AFTER_MS } from "./outbox";
import { urlProblem } from "@/lib/net/ssrf";
import { newSigningSecret } from "./signing";
import type { WebhookTarget } from "./webhook-send";
import { WEBHOOK_FORMATS, type WebhookFormat } from "./webhook-formats";

export const createWebhookBodySchema = z.object({
  name: z.string().trim().min(1, "Name the endpoint.").max(80, "At most 80 characters."),
  url: z.string().trim().min(1, "Enter the endpoint's URL.").max(2000, "At most 2,000 characters."),
  events: z.array(z.enum(NOTIFY_EVENTS)).min(1, "Choose at least one event.").max(NOTIFY_EVENTS.length),
  allowHttp: z.boolean().default(false),
  allowPrivate: z.boolean().default(false),
  format: z.enum(WEBHOOK_FORMATS, { error: `Choose a format: ${WEBHOOK_FORMATS.join(", ")}.` }).default("standard"),
});
export type CreateWebhookBody = z.infer<typeof createWebhookBodySchema>;

export interface WebhookView {
  id: string;
  name: string;
  url: string;
  events: string[];
  allowHttp: boolean;
  allowPrivate: boolean;
  format: WebhookFormat;
  createdAt: string;
}

const boundTo = (id: string) => `webhook:${id}`;
const view = (row: typeof webhooks.$inferSelect): WebhookView => ({
  id: row.id,
  name: row.name,
  url: row.url,
  events: row.events,
  allowHttp: row.allowHttp,
  allowPrivate: row.allowPrivate,
  format: row.format,
  createdAt: row.createdAt.toISOString(),
});

/** Adds an endpoint; the answer carries its signing secret, the only time it is ever shown. */
export async function createWebhook(
  db: Db,
  actor: Actor,
  body: CreateWebhookBody,
): Promise<{ webhook: WebhookView; secret: string }> {
  const problem = urlProblem(body.url, body);
  if (problem) throw new AppError("invalid_input", 422, problem, { url: problem });
  const id = randomUUID();
  const secret = newSigningSecret();
  return inTransaction(db, async (tx) => {
    const [row] = await tx
      .insert(webhooks)
      .values({
        id,
        teamId: actor.team.id,
        name: body.name,
        url: body.url,
        events: [...new Set(body.events)],
        sealedSecret: seal(env().KEYWARD_SECRET, boundTo(id), secret),
        allowHttp: body.allowHttp,
        allowPrivate: body.allowPrivate,
        format: body.format,
        createdBy: actor.user.id,
      })
      .returning();
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "webhook.create",
      target: { type: "webhook", id },
      outcome: "success",
      detail: {
        name: body.name,
        url: body.url,
        events: body.events,
        allowHttp: body.allowHttp,
        allowPrivate: body.allowPrivate,
        format: body.format,
      },
    });
    return { webhook: view(row!), secret };
  });
}

export async function listWebhooks(db: Db, teamId: string): Promise<WebhookView[]> {
  const rows = await db.select().from(webhooks).where(eq(webhooks.teamId, teamId)).orderBy(desc(webhooks.createdAt));
  return rows.map(view);
}

async function teamWebhook(db: Db, teamId: string, id: string) {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, id), eq(webhooks.teamId, teamId)));
  if (!row) throw new AppError("not_found", 404, "No such webhook in this team.");
  return row;
}

/** Removes an endpoint; deliveries still waiting for it are dropped with it. */
export async function deleteWebhook(db: Db, actor: Actor, id: string): Promise<void> {
  const row = await teamWebhook(db, actor.team.id, id);
  await inTransaction(db, async (tx) => {
    await tx
      .delete(notificationOutbox)
      .where(and(eq(notificationOutbox.webhookId, id), eq(notificationOutbox.status, "pending")));
    await tx.delete(webhooks).where(eq(webhooks.id, id));
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "webhook.delete",
      target: { type: "webhook", id },
      outcome: "success",
      detail: { name: row.name, url: row.url },
    });
  });
}

/** The endpoint as the sender needs it, secret unsealed; null when it was deleted meanwhile. */
export async function webhookTarget(db: Db, id: string): Promise<WebhookTarget | null> {
  const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id));
  if (!row) return null;
  return {
    url: row.url,
    secret: unseal(env().KEYWARD_SECRET, boundTo(row.id), row.sealedSecret),
    allowHttp: row.allowHttp,
    allowPrivate: row.allowPrivate,
    format: row.format,
  };
}

/** The Standard Webhooks payload: type, timestamp and data, never a secret. */
function payload(type: string, at: Date, data: Record<string, unknown>) {
  return { type, timestamp: at.toISOString(), data };
}

/** Queues the event for every endpoint of the team that asked for it, in the caller's transaction. */
export async function queueWebhookDeliveries(tx: Db, notice: Notice, now: Date): Promise<void> {
  const targets = await tx
    .select({ id: webhooks.id, url: webhooks.url })
    .from(webhooks)
    .where(and(eq(webhooks.teamId, notice.teamId), sql`${webhooks.events} ? ${notice.event}`));
  if (!targets.length) return;
  await tx
    .insert(notificationOutbox)
    .values(
      targets.map((t) => ({
        teamId: notice.teamId,
        dedupeKey: `${notice.event}:${notice.occurrence}:webhook:${t.id}`,
        event: notice.event,
        channel: "webhook" as const,
        webhookId: t.id,
        recipient: t.url,
        subject: notice.subject,
        bodyText: notice.body ?? notice.subject,
        link: notice.link,
        payload: payload(notice.event, now, {
          subject: notice.subject,
          link: notice.link,
          occurrence: notice.occurrence,
        }),
        nextAttemptAt: now,
        giveUpAt: new Date(now.getTime() + GIVE_UP_AFTER_MS),
      })),
    )
    .onConflictDoNothing({ target: notificationOutbox.dedupeKey });
}

/** Queues a `webhook.test` delivery to one endpoint ("Send test"); returns the outbox row's id. */
export async function queueTestDelivery(db: Db, actor: Actor, id: string, now: Date = new Date()): Promise<string> {
  const row = await teamWebhook(db, actor.team.id, id);
  const [queued] = await db
    .insert(notificationOutbox)
    .values({
      teamId: actor.team.id,
      dedupeKey: `webhook.test:${randomUUID()}`,
      event: "webhook.test",
      channel: "webhook",
      webhookId: row.id,
      recipient: row.url,
      subject: `Test delivery from Keyward, sent by ${actor.user.email}.`,
      bodyText: "A test delivery: this endpoint receives what Keyward sends it.",
      link: "/integrations",
      payload: payload("webhook.test", now, { sentBy: actor.user.email, webhook: row.name }),
      nextAttemptAt: now,
      giveUpAt: new Date(now.getTime() + GIVE_UP_AFTER_MS),
    })
    .returning({ id: notificationOutbox.id });
  return queued!.id;
}
