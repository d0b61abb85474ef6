import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { memberships, notificationMutes, notificationOutbox, notifications, users } from "@/lib/db/schema";
import type { NotifyEvent } from "./events";
import { GIVE_UP_AFTER_MS } from "./outbox";
import { teamRules } from "./rules";
import { queueWebhookDeliveries } from "./webhooks";

export interface Notice {
  teamId: string;
  event: NotifyEvent;
  /**
   * Which happening this is (a request id, "key id:threshold:expiry"): with the event, the
   * recipient and the channel it makes the outbox row's unique key, so a repeat queues nothing.
   */
  occurrence: string;
  /** User ids; people no longer in the team, and those who muted the event, are left out. */
  to: string[];
  /** One line: the console notice and the e-mail's subject. */
  subject: string;
  /** A few plain sentences for the e-mail body; never a secret. */
  body?: string;
  /** A console path ("/keys/…"), made absolute in e-mails. */
  link: string;
}

/**
 * Tells people about an event over the channels the team's rule names. Called inside the
 * transaction of the change it announces: the console notice is written there and then, and
 * e-mails and webhooks are queued in the outbox (sent later by the `notify.deliver` job), so a
 * slow mail server or webhook never delays or fails the change itself.
 */
export async function notify(tx: Db, notice: Notice, now: Date = new Date()): Promise<void> {
  const rule = (await teamRules(tx, notice.teamId)).find((r) => r.event === notice.event);
  // Webhooks follow their own event filters, not the people's channels.
  await queueWebhookDeliveries(tx, notice, now);
  if (!rule?.channels.length || !notice.to.length) return;
  const people = await recipients(tx, notice);
  if (!people.length) return;
  if (rule.channels.includes("console"))
    await tx
      .insert(notifications)
      .values(people.map((p) => ({ userId: p.id, teamId: notice.teamId, message: notice.subject, link: notice.link })));
  if (rule.channels.includes("email"))
    await tx
      .insert(notificationOutbox)
      .values(
        people.map((p) => ({
          teamId: notice.teamId,
          dedupeKey: `${notice.event}:${notice.occurrence}:${p.id}:email`,
          event: notice.event,
          channel: "email" as const,
          userId: p.id,
          recipient: p.email,
          subject: notice.subject,
          bodyText: notice.body ?? notice.subject,
          link: notice.link,
          nextAttemptAt: now,
          giveUpAt: new Date(now.getTime() + GIVE_UP_AFTER_MS),
        })),
      )
      .onConflictDoNothing({ target: notificationOutbox.dedupeKey });
}

/** The addressed people who are still members of the team and have not muted the event. */
async function recipients(tx: Db, notice: Notice): Promise<Array<{ id: string; email: string }>> {
  const ids = [...new Set(notice.to)];
  const rows = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.teamId, notice.teamId)))
    .where(inArray(users.id, ids));
  const muted = await tx
    .select({ userId: notificationMutes.userId })
    .from(notificationMutes)
    .where(
      and(
        eq(notificationMutes.teamId, notice.teamId),
        eq(notificationMutes.event, notice.event),
        inArray(notificationMutes.userId, ids),
      ),
    );
  const mutedIds = new Set(muted.map((m) => m.userId));
  return rows.filter((r) => !mutedIds.has(r.id));
}
