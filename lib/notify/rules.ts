import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { notificationMutes, notificationRules } from "@/lib/db/schema";
import { inTransaction } from "@/lib/db/transaction";
import { recordAudit } from "@/lib/audit/record";
import {
  DEFAULT_CHANNELS,
  DEFAULT_THRESHOLDS,
  NOTIFY_CHANNELS,
  NOTIFY_EVENTS,
  type NotifyChannel,
  type NotifyEvent,
} from "./events";

export interface NotifyRule {
  event: NotifyEvent;
  channels: NotifyChannel[];
  /** Days before expiry, largest first; only for the expiry reminders. */
  thresholds: number[] | null;
}

const hasThresholds = (event: NotifyEvent) => event === "key.expiring" || event === "connection.credential_expiring";

function defaultRule(event: NotifyEvent): NotifyRule {
  return { event, channels: [...DEFAULT_CHANNELS], thresholds: hasThresholds(event) ? [...DEFAULT_THRESHOLDS] : null };
}

/** Every event's rule for a team: its saved row, else the default. */
export async function teamRules(db: Db, teamId: string): Promise<NotifyRule[]> {
  const rows = await db.select().from(notificationRules).where(eq(notificationRules.teamId, teamId));
  const saved = new Map(rows.map((r) => [r.event, r]));
  return NOTIFY_EVENTS.map((event) => {
    const row = saved.get(event);
    if (!row) return defaultRule(event);
    return {
      event,
      channels: row.channels.filter((c): c is NotifyChannel => (NOTIFY_CHANNELS as readonly string[]).includes(c)),
      thresholds: hasThresholds(event) ? (row.thresholds ?? [...DEFAULT_THRESHOLDS]) : null,
    };
  });
}

export const rulesBodySchema = z.object({
  rules: z
    .array(
      z.object({
        event: z.enum(NOTIFY_EVENTS),
        channels: z.array(z.enum(NOTIFY_CHANNELS)).max(NOTIFY_CHANNELS.length),
        thresholds: z
          .array(z.number().int().min(1, "At least 1 day.").max(365, "At most 365 days."))
          .min(1, "Keep at least one reminder, or turn the channels off.")
          .max(5, "At most five reminders.")
          .nullable(),
      }),
    )
    .max(NOTIFY_EVENTS.length),
});
export type RulesBody = z.infer<typeof rulesBodySchema>;

/** Saves a team's rules (admins, under sudo); the audit event keeps each rule as saved. */
export async function saveTeamRules(db: Db, actor: Actor, body: RulesBody): Promise<NotifyRule[]> {
  return inTransaction(db, async (tx) => {
    for (const rule of body.rules) {
      const values = {
        channels: [...new Set(rule.channels)],
        thresholds: hasThresholds(rule.event)
          ? [...new Set(rule.thresholds ?? DEFAULT_THRESHOLDS)].sort((a, b) => b - a)
          : null,
        updatedAt: new Date(),
      };
      await tx
        .insert(notificationRules)
        .values({ teamId: actor.team.id, event: rule.event, ...values })
        .onConflictDoUpdate({ target: [notificationRules.teamId, notificationRules.event], set: values });
    }
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "notify.rules",
      target: { type: "team", id: actor.team.id },
      outcome: "success",
      detail: { rules: body.rules },
    });
    return teamRules(tx, actor.team.id);
  });
}

export async function mutedEvents(db: Db, userId: string, teamId: string): Promise<NotifyEvent[]> {
  const rows = await db
    .select({ event: notificationMutes.event })
    .from(notificationMutes)
    .where(and(eq(notificationMutes.userId, userId), eq(notificationMutes.teamId, teamId)));
  return rows.map((r) => r.event).filter((e): e is NotifyEvent => (NOTIFY_EVENTS as readonly string[]).includes(e));
}

export const mutesBodySchema = z.object({ muted: z.array(z.enum(NOTIFY_EVENTS)).max(NOTIFY_EVENTS.length) });

/** One's own mutes in the current team: replaces the set. */
export async function saveMutes(db: Db, actor: Actor, muted: NotifyEvent[]): Promise<NotifyEvent[]> {
  return inTransaction(db, async (tx) => {
    const mine = and(eq(notificationMutes.userId, actor.user.id), eq(notificationMutes.teamId, actor.team.id));
    await tx.delete(notificationMutes).where(mine);
    const events = [...new Set(muted)];
    if (events.length)
      await tx
        .insert(notificationMutes)
        .values(events.map((event) => ({ userId: actor.user.id, teamId: actor.team.id, event })));
    return events;
  });
}
