import { and, eq, gt, isNotNull, lte, max } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connectionKeys, connections, expiryReminders, keys } from "@/lib/db/schema";
import { inTransaction } from "@/lib/db/transaction";
import { keyIsLive } from "../status";
import { DEFAULT_THRESHOLDS, type NotifyEvent } from "@/lib/notify/events";
import { admins } from "@/lib/notify/audience";
import { notify } from "@/lib/notify/notify";
import { teamRules } from "@/lib/notify/rules";

const DAY_MS = 24 * 60 * 60_000;

/** Something that expires: a key (told to its owner) or a connection's own credential (told to admins). */
interface Expiring {
  id: string;
  teamId: string;
  name: string;
  expiresAt: Date;
  ownerId: string | null;
}

/**
 * The reminder a subject is due now: the smallest threshold it has crossed, so a key found with
 * three days left gets the 7-day reminder once rather than the 30-day one late.
 */
function dueThreshold(expiresAt: Date, now: Date, thresholds: readonly number[]): number | null {
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return null;
  const crossed = thresholds.filter((d) => left <= d * DAY_MS);
  return crossed.length ? Math.min(...crossed) : null;
}

/**
 * Queues the expiry reminders that have fallen due: keys for their owners, Keyward's own
 * connection credentials for the admins (when those lapse, every revoke on the connection fails).
 * Each reminder claims its (subject, threshold, expiry) row in `expiry_reminders` in the
 * transaction that queues it: a second instance's insert meets the first one's row and queues
 * nothing. Safe to repeat; returns how many reminders it queued.
 */
export async function queueExpiryReminders(db: Db, now: Date): Promise<number> {
  let queued = 0;
  const thresholdsByTeam = new Map<string, Map<NotifyEvent, number[]>>();
  const thresholds = async (teamId: string, event: NotifyEvent) => {
    let byEvent = thresholdsByTeam.get(teamId);
    if (!byEvent) {
      byEvent = new Map(
        (await teamRules(db, teamId)).map((r) => [r.event, r.channels.length ? (r.thresholds ?? []) : []]),
      );
      thresholdsByTeam.set(teamId, byEvent);
    }
    return byEvent.get(event) ?? [...DEFAULT_THRESHOLDS];
  };
  // The widest threshold a team may set; a team's own list narrows it below.
  const horizon = new Date(now.getTime() + 365 * DAY_MS);

  const liveKeys = await db
    .select({ id: keys.id, teamId: keys.teamId, name: keys.name, expiresAt: keys.expiresAt, ownerId: keys.issuedBy })
    .from(keys)
    .where(and(keyIsLive(), isNotNull(keys.expiresAt), gt(keys.expiresAt, now), lte(keys.expiresAt, horizon)));
  for (const key of liveKeys) {
    const subject = { ...key, expiresAt: key.expiresAt! };
    const days = dueThreshold(subject.expiresAt, now, await thresholds(key.teamId, "key.expiring"));
    if (days !== null && (await remind(db, "key.expiring", subject, days, now))) queued++;
  }

  for (const credential of await connectionCredentials(db, now, horizon)) {
    const days = dueThreshold(
      credential.expiresAt,
      now,
      await thresholds(credential.teamId, "connection.credential_expiring"),
    );
    if (days !== null && (await remind(db, "connection.credential_expiring", credential, days, now))) queued++;
  }
  return queued;
}

/**
 * The latest known expiry of each connection's own credential: Expedition's login key, recorded
 * at each test; Trend's API key, read from the vendor at each test; XSIAM's, as the admin entered it.
 */
async function connectionCredentials(db: Db, now: Date, horizon: Date): Promise<Expiring[]> {
  const ownKeys = await db
    .select({
      id: connections.id,
      teamId: connections.teamId,
      name: connections.name,
      expiresAt: connections.credentialExpiresAt,
    })
    .from(connections)
    .where(
      and(
        isNotNull(connections.credentialExpiresAt),
        gt(connections.credentialExpiresAt, now),
        lte(connections.credentialExpiresAt, horizon),
      ),
    );
  const rows = await db
    .select({
      id: connections.id,
      teamId: connections.teamId,
      name: connections.name,
      expiresAt: max(connectionKeys.expiresAt),
    })
    .from(connectionKeys)
    .innerJoin(connections, eq(connections.id, connectionKeys.connectionId))
    .where(and(eq(connectionKeys.status, "created"), isNotNull(connectionKeys.expiresAt)))
    .groupBy(connections.id, connections.teamId, connections.name);
  const loginKeys = rows
    .filter((r): r is typeof r & { expiresAt: Date } => r.expiresAt !== null)
    .map((r) => ({ ...r, expiresAt: new Date(r.expiresAt), ownerId: null }))
    .filter((r) => r.expiresAt > now && r.expiresAt <= horizon);
  return [...ownKeys.map((r) => ({ ...r, expiresAt: r.expiresAt!, ownerId: null })), ...loginKeys];
}

/** Claims the reminder's row and, if this call won it, queues the notices in the same transaction. */
async function remind(db: Db, event: NotifyEvent, subject: Expiring, days: number, now: Date): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const [claimed] = await tx
      .insert(expiryReminders)
      .values({ subjectId: subject.id, thresholdDays: days, expiresAt: subject.expiresAt, sentAt: now })
      .onConflictDoNothing()
      .returning({ subjectId: expiryReminders.subjectId });
    if (!claimed) return false;
    const when = subject.expiresAt.toISOString().slice(0, 16).replace("T", " ") + " UTC";
    const left = Math.max(1, Math.ceil((subject.expiresAt.getTime() - now.getTime()) / DAY_MS));
    const inDays = `in ${left} day${left === 1 ? "" : "s"}`;
    const isKey = event === "key.expiring";
    await notify(
      tx,
      {
        teamId: subject.teamId,
        event,
        occurrence: `${subject.id}:${days}:${subject.expiresAt.toISOString()}`,
        to: isKey && subject.ownerId ? [subject.ownerId] : await admins(tx, subject.teamId),
        subject: isKey
          ? `Key “${subject.name}” expires ${inDays} (${when}).`
          : `Keyward's credential for the connection “${subject.name}” expires ${inDays} (${when}).`,
        body: isKey
          ? `Your key “${subject.name}” expires ${inDays}, at ${when}. Rotate it or request a new one before then if you still need it.`
          : `Keyward's own credential for the connection “${subject.name}” expires ${inDays}, at ${when}. When it lapses, every revoke on that connection fails: renew it and save the connection again.`,
        link: isKey ? `/keys/${subject.id}` : `/connections/${subject.id}`,
      },
      now,
    );
    return true;
  });
}
