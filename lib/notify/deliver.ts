import type { Db } from "@/lib/db/client";
import { describeJobError } from "@/lib/jobs/error-text";
import { composeMail, type MailSender } from "./mail";
import { claimDue, settle, type NotificationOutboxRow } from "./outbox";

export interface DeliverySettings {
  /** Null: no SMTP server configured; e-mails are held for the local outbox page. */
  mail: MailSender | null;
  /** The console's public address, for links in e-mails. */
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
      const outcome = await deliverOne(row, settings);
      await settle(db, row, owner, now, outcome);
      report[outcome.kind]++;
    }
  }
  return report;
}

async function deliverOne(
  row: NotificationOutboxRow,
  settings: DeliverySettings,
): Promise<{ kind: "sent" } | { kind: "held" } | { kind: "failed"; error: string }> {
  if (row.channel !== "email") return { kind: "failed", error: `No sender for the ${row.channel} channel.` };
  if (!settings.mail) return { kind: "held" };
  try {
    await settings.mail(composeMail(row, settings.consoleUrl));
    return { kind: "sent" };
  } catch (err) {
    return { kind: "failed", error: describeJobError(err) };
  }
}
