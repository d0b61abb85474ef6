import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type auditEvents, auditStreams } from "@/lib/db/schema";
import { describeJobError } from "@/lib/jobs/error-text";
import { unseal } from "@/lib/crypto/seal";
import { env } from "@/lib/env";
import { authHeaderBoundTo, postJsonLines } from "./http";
import { sendSyslogFrames } from "./send";
import { eventRecord, octetCounted, syslogMessage } from "./syslog";
import { countTeamEventsAfter, teamEventsAfter } from "../queries";

const BATCH = 500;
const LEASE_MS = 5 * 60_000;

export interface StreamSettings {
  /** The HOSTNAME field of each message: the console's host name. */
  hostname: string;
}

type StreamRow = typeof auditStreams.$inferSelect;
type AuditRow = typeof auditEvents.$inferSelect;
/** Hands one batch to the receiver; resolves only once the receiver has taken all of it. */
type BatchSender = (stream: StreamRow, events: AuditRow[]) => Promise<void>;

/** How each kind of stream sends a batch; the cursor, lease and error handling around it are shared. */
function senders(settings: StreamSettings): Record<StreamRow["kind"], BatchSender> {
  return {
    syslog: (stream, events) =>
      sendSyslogFrames(
        stream,
        events.map((e) => octetCounted(syslogMessage(e, settings.hostname))),
      ),
    http: (stream, events) => {
      if (!stream.url) throw new Error("The stream has no URL.");
      return postJsonLines(
        {
          url: stream.url,
          authorization: stream.sealedAuthHeader
            ? unseal(env().KEYWARD_SECRET, authHeaderBoundTo(stream.id), stream.sealedAuthHeader)
            : null,
          caPem: stream.caPem,
          allowHttp: stream.allowHttp,
          allowPrivate: stream.allowPrivate,
        },
        events.map((e) => JSON.stringify(eventRecord(e))),
      );
    },
  };
}

/**
 * Sends each stream (syslog or HTTP JSON lines) its team's audit events after its cursor, in id order, in batches; the
 * cursor moves only past a batch the receiver took. Audit appends are serialised on the chain
 * tip (lib/audit/record.ts), so ids commit in order and a cursor never skips an event that
 * commits late. A failure is kept on the stream (last error) and the batch is sent again on the
 * next run: at least once, never out of order. Returns how many events left.
 */
export async function streamAuditEvents(db: Db, owner: string, now: Date, settings: StreamSettings): Promise<number> {
  const send = senders(settings);
  const streams = await db.select({ id: auditStreams.id }).from(auditStreams);
  let sent = 0;
  for (const { id } of streams) {
    const [stream] = await db
      .update(auditStreams)
      .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + LEASE_MS) })
      .where(and(eq(auditStreams.id, id), or(isNull(auditStreams.leaseUntil), lt(auditStreams.leaseUntil, now))))
      .returning();
    if (!stream) continue;
    const mine = and(eq(auditStreams.id, id), eq(auditStreams.leaseOwner, owner));
    let cursor = stream.cursor;
    try {
      for (;;) {
        const events = await teamEventsAfter(db, stream.teamId, cursor, BATCH);
        if (!events.length) break;
        await send[stream.kind](stream, events);
        cursor = events.at(-1)!.id;
        await db.update(auditStreams).set({ cursor, lastSentAt: new Date(), lastError: null }).where(mine);
        sent += events.length;
        if (events.length < BATCH) break;
      }
    } catch (err) {
      await db
        .update(auditStreams)
        .set({ lastError: describeJobError(err), lastErrorAt: new Date() })
        .where(mine);
    } finally {
      await db.update(auditStreams).set({ leaseOwner: null, leaseUntil: null }).where(mine);
    }
  }
  return sent;
}

/** How many of the team's events (its members' sign-ins included) a stream has still to send. */
export function streamLag(db: Db, teamId: string, cursor: number): Promise<number> {
  return countTeamEventsAfter(db, teamId, cursor);
}
