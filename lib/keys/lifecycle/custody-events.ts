import { createHash } from "node:crypto";
import { and, eq, gte, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keyRequests, keys, noticeClaims, teams, users } from "@/lib/db/schema";
import { inTransaction } from "@/lib/db/transaction";
import { DELIVERY_WINDOW_MS } from "../delivery";
import { keyIsLive } from "../status";
import { admins } from "@/lib/notify/audience";
import type { NotifyEvent } from "@/lib/notify/events";
import { notify } from "@/lib/notify/notify";

const DAY_MS = 24 * 60 * 60_000;

/**
 * Keys issued longer ago than this are not announced as "delivery unconfirmed" by the sweep: the
 * dashboard has shown them for that long, and a console upgraded with years of such keys should
 * not mail the admins about each of them at once.
 */
const UNCONFIRMED_LOOKBACK_MS = 7 * DAY_MS;

/** How a taken-back key ended, as the admins need to know it (take-back.ts's outcome). */
type UndeliveredOutcome = "revoked" | "retire_by_hand" | "revoke_failed";

interface KeyFacts {
  id: string;
  teamId: string;
  name: string;
}

/**
 * A key was minted but its secret never reached the requester, and it was taken back. Called in
 * the transaction that records `undelivered_at`, so the notice lives or dies with that record.
 */
export async function notifyKeyUndelivered(
  tx: Db,
  key: KeyFacts,
  outcome: UndeliveredOutcome,
  now: Date = new Date(),
): Promise<void> {
  const state = {
    revoked: "It was revoked on the vendor; nothing needs doing unless the requester asks again.",
    retire_by_hand:
      "The vendor cannot revoke it, so it is flagged “retire by hand”: retire it on the vendor and confirm so on the key's page.",
    revoke_failed:
      "Revoking it on the vendor failed, so the key is still live there: revoke it from the key's page once the vendor answers again.",
  }[outcome];
  await notify(
    tx,
    {
      teamId: key.teamId,
      event: "key.undelivered",
      occurrence: `${key.id}:undelivered`,
      to: await admins(tx, key.teamId),
      subject:
        outcome === "revoked"
          ? `Key “${key.name}” was made but never reached its requester, and was revoked.`
          : `Key “${key.name}” was made but never reached its requester, and is still live.`,
      body: `The page that asked for the key “${key.name}” left before the answer carrying its secret was written, so nobody holds the secret. ${state}`,
      link: `/keys/${key.id}`,
    },
    now,
  );
}

/**
 * The recovery sweep settled an interrupted issue as undelivered: the vendor may hold a key
 * Keyward can neither find nor revoke. Called in the sweep's settling transaction.
 */
export async function notifyAttemptUndelivered(
  tx: Db,
  attempt: { id: string; teamId: string; requestName: string; vendor: string },
  now: Date = new Date(),
): Promise<void> {
  await notify(
    tx,
    {
      teamId: attempt.teamId,
      event: "key.undelivered",
      occurrence: `attempt:${attempt.id}:undelivered`,
      to: await admins(tx, attempt.teamId),
      subject: `An interrupted issue of “${attempt.requestName}” may have left a key on ${attempt.vendor}: retire it by hand.`,
      body: `The console stopped while issuing “${attempt.requestName}”. ${attempt.vendor} may hold the key it created, and Keyward can neither find nor revoke it there. Retire it on ${attempt.vendor} (or accept it) and confirm so on the dashboard; then the request can be issued again.`,
      link: "/",
    },
    now,
  );
}

/**
 * A member was removed and their live keys stay, ownerless (offboarding's "keep", or revokes that
 * could not be done). Called in the removal's transaction; one notice for the whole removal.
 */
export async function notifyKeysOwnerless(
  tx: Db,
  teamId: string,
  formerOwnerId: string,
  keyIds: string[],
  now: Date = new Date(),
): Promise<void> {
  if (!keyIds.length) return;
  const [owner] = await tx.select({ email: users.email }).from(users).where(eq(users.id, formerOwnerId));
  const named = await tx
    .select({ name: keys.name })
    .from(keys)
    .where(and(eq(keys.teamId, teamId), inArray(keys.id, keyIds)))
    .orderBy(keys.name);
  const count = `${keyIds.length} live key${keyIds.length === 1 ? "" : "s"}`;
  const who = owner?.email ?? "a removed member";
  const names = named
    .slice(0, 10)
    .map((k) => `“${k.name}”`)
    .join(", ");
  await notify(
    tx,
    {
      teamId,
      event: "key.ownerless",
      // Hashed: the outbox's unique dedupe key is a btree entry, too small for hundreds of ids.
      occurrence: `${formerOwnerId}:${createHash("sha256")
        .update([...keyIds].sort().join(","))
        .digest("hex")}`,
      to: (await admins(tx, teamId)).filter((id) => id !== formerOwnerId),
      subject: `${count} of ${who} ${keyIds.length === 1 ? "is" : "are"} now ownerless.`,
      body: `${who} was removed from the team and ${count} stayed live with nobody to answer for ${keyIds.length === 1 ? "it" : "them"}: ${names}${named.length > 10 ? " and more" : ""}. Hand ${keyIds.length === 1 ? "it" : "them"} to someone or revoke ${keyIds.length === 1 ? "it" : "them"}; the key list filters ownerless keys.`,
      link: "/keys?ownerless=1",
    },
    now,
  );
}

/**
 * Claims (subject, event, at) and, if this call won it, runs `send` in the same transaction: of
 * console instances racing, exactly one sends.
 */
async function once(
  db: Db,
  claim: { subjectId: string; event: NotifyEvent; at: Date },
  now: Date,
  send: (tx: Db) => Promise<void>,
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const [won] = await tx
      .insert(noticeClaims)
      .values({ ...claim, claimedAt: now })
      .onConflictDoNothing()
      .returning({ subjectId: noticeClaims.subjectId });
    if (!won) return false;
    await send(tx);
    return true;
  });
}

/**
 * Live keys whose page never confirmed it showed the secret within the delivery window: the
 * admins are told once per key (the dashboard counts them too). Returns how many were announced.
 */
export async function queueUnconfirmedDeliveryNotices(db: Db, now: Date): Promise<number> {
  const before = new Date(now.getTime() - DELIVERY_WINDOW_MS);
  const since = new Date(now.getTime() - UNCONFIRMED_LOOKBACK_MS);
  const rows = await db
    .select({ id: keys.id, teamId: keys.teamId, name: keys.name, issuedAt: keys.issuedAt })
    .from(keys)
    .where(
      and(
        keyIsLive(),
        isNull(keys.deliveredAt),
        // A taken-back key was announced as undelivered when it was taken back.
        isNull(keys.undeliveredAt),
        lte(keys.issuedAt, before),
        gte(keys.issuedAt, since),
        sql`coalesce(${keys.meta}->>'adopted', '') <> 'true'`,
      ),
    );
  let queued = 0;
  for (const key of rows) {
    const sent = await once(db, { subjectId: key.id, event: "key.delivery_unconfirmed", at: key.issuedAt }, now, (tx) =>
      notifyDeliveryUnconfirmed(tx, key, now),
    );
    if (sent) queued++;
  }
  return queued;
}

async function notifyDeliveryUnconfirmed(tx: Db, key: KeyFacts, now: Date): Promise<void> {
  await notify(
    tx,
    {
      teamId: key.teamId,
      event: "key.delivery_unconfirmed",
      occurrence: `${key.id}:unconfirmed`,
      to: await admins(tx, key.teamId),
      subject: `Key “${key.name}”: delivery unconfirmed — its secret may never have been seen.`,
      body: `The page that issued the key “${key.name}” never confirmed it showed the secret, so it may have reached nobody. Ask the requester; if they do not have it, rotate or revoke the key from its page.`,
      link: `/keys/${key.id}`,
    },
    now,
  );
}

/**
 * The team's rotation policy (teams.rotation_days) makes a key due for rotation that many days
 * after its issue. Owners are told once per key and due date, when it comes — not for a key that
 * expires by then anyway (the expiry reminders cover it), one already replaced, or one whose
 * rotation is under way. Returns how many were announced.
 */
export async function queueRotationDueNotices(db: Db, now: Date): Promise<number> {
  const dueAt = sql<Date>`${keys.issuedAt} + make_interval(days => ${teams.rotationDays})`;
  const rows = await db
    .select({
      id: keys.id,
      teamId: keys.teamId,
      name: keys.name,
      ownerId: keys.issuedBy,
      issuedAt: keys.issuedAt,
      rotationDays: teams.rotationDays,
    })
    .from(keys)
    .innerJoin(teams, eq(teams.id, keys.teamId))
    .where(
      and(
        isNotNull(teams.rotationDays),
        keyIsLive(),
        isNull(keys.replacedByKeyId),
        sql`${dueAt} <= ${now.toISOString()}::timestamptz`,
        sql`(${keys.expiresAt} is null or ${keys.expiresAt} > ${dueAt})`,
        sql`not exists (select 1 from ${keyRequests} where ${keyRequests.replacesKeyId} = ${keys.id} and ${keyRequests.status} in ('pending', 'approved'))`,
      ),
    );
  let queued = 0;
  for (const key of rows) {
    const due = new Date(key.issuedAt.getTime() + key.rotationDays! * DAY_MS);
    const sent = await once(db, { subjectId: key.id, event: "rotation.due", at: due }, now, (tx) =>
      notify(
        tx,
        {
          teamId: key.teamId,
          event: "rotation.due",
          occurrence: `${key.id}:${due.toISOString()}`,
          to: [key.ownerId],
          subject: `Key “${key.name}” is due for rotation (the team rotates keys every ${key.rotationDays} days).`,
          body: `Your key “${key.name}” was issued on ${key.issuedAt.toISOString().slice(0, 10)}, and the team's policy is to rotate keys every ${key.rotationDays} days. Rotate it from its page: the replacement is issued to you, and the old key is revoked once the grace period you choose is over.`,
          link: `/keys/${key.id}`,
        },
        now,
      ),
    );
    if (sent) queued++;
  }
  return queued;
}
