import type { Db } from "@/lib/db/client";
import { describeJobError } from "@/lib/jobs/error-text";
import { composeMail, type MailSender } from "./mail";
import { claimDue, settle, type NotificationOutboxRow } from "./outbox";
import { sendWebhook } from "./webhook-send";
import { webhookTarget } from "./webhooks";
import { webhookBody } from "./webhook-formats";

export interface DeliverySettings {
  /** Null: no SMTP server configured; e-mails are held for the local outbox page. */
  mail: MailSender | null;
  /** The console's public address, for links in e-mails and Slack/Teams messages. */
  consoleUrl: string;
}

export interface DeliveryReport {
  sent: number;
  held: number;
  failed: number;
}

/**
 * Sends what is due in the outbox, claiming rows so that no other instance sends them too.
 * One row's failure (a mail server refusing one address) is recorded on that row, retried with
 * backoff, and does not stop the others. Loops until nothing due is left, or `maxRounds`.
 */
export async function deliverOutbox(
  db: Db,
  owner: string,
  now: Date,
  settings: DeliverySettings,
  maxRounds = 10,
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, held: 0, failed: 0 };
  for (let round = 0; round < maxRounds; round++) {
    const rows = await claimDue(db, owner, now);
    if (!rows.length) break;
    for (const row of rows) {
      const outcome = await deliverOne(db, row, settings, now);
      await settle(db, row, owner, now, outcome);
      report[outcome.kind]++;
    }
  }
  return report;
}

/** Sends one queued row at once (a webhook's "Send test"), if no other instance holds it. */
export async function deliverNow(db: Db, rowId: string, owner: string, now: Date, settings: DeliverySettings) {
  const [row] = await claimDue(db, owner, now, 1, rowId);
  if (!row) return null;
  const outcome = await deliverOne(db, row, settings, now);
  await settle(db, row, owner, now, outcome);
  return outcome;
}

type Outcome =
  { kind: "sent"; statusCode?: number } | { kind: "held" } | { kind: "failed"; error: string; statusCode?: number };

async function deliverOne(db: Db, row: NotificationOutboxRow, settings: DeliverySettings, now: Date): Promise<Outcome> {
  if (row.channel === "webhook") {
    const target = row.webhookId ? await webhookTarget(db, row.webhookId) : null;
    if (!target) return { kind: "failed", error: "The endpoint was removed." };
    // The message id stays the same across retries, so a receiver can drop a repeat.
    const body = webhookBody(
      target.format,
      { event: row.event, subject: row.subject, text: row.bodyText, link: row.link, payload: row.payload },
      settings.consoleUrl,
    );
    const result = await sendWebhook(target, `msg_${row.id}`, body, now);
    return result.ok
      ? { kind: "sent", statusCode: result.statusCode }
      : { kind: "failed", error: result.error, statusCode: result.statusCode };
  }
  if (!settings.mail) return { kind: "held" };
  try {
    await settings.mail(composeMail(row, settings.consoleUrl));
    return { kind: "sent" };
  } catch (err) {
    return { kind: "failed", error: describeJobError(err) };
  }
}
