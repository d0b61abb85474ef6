import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { expiryReminders, keys } from "@/lib/db/schema";
import { inTransaction } from "@/lib/db/transaction";
import { notify } from "./notify";
import { admins } from "./audience";

async function keyRow(db: Db, keyId: string) {
  const [row] = await db
    .select({ id: keys.id, teamId: keys.teamId, name: keys.name, ownerId: keys.issuedBy, expiresAt: keys.expiresAt })
    .from(keys)
    .where(eq(keys.id, keyId));
  return row;
}

/** A key ended without its owner doing it: the schedule revoked it at its expiry, or reconcile found it gone. */
export async function notifyKeyEnded(
  db: Db,
  keyId: string,
  how: "expired" | "retired" | "gone" | { unusedDays: number },
  now: Date = new Date(),
): Promise<void> {
  const key = await keyRow(db, keyId);
  if (!key) return;
  const what =
    typeof how === "object"
      ? `was revoked: unused for ${how.unusedDays} days, the team's limit`
      : {
          expired: `was revoked at its expiry`,
          retired: `was revoked at the end of its rotation's grace period`,
          gone: `is no longer on the vendor (deleted outside Keyward)`,
        }[how];
  const occurrence = typeof how === "object" ? "unused" : how;
  await notify(
    db,
    {
      teamId: key.teamId,
      event: "key.ended",
      occurrence: `${key.id}:${occurrence}`,
      to: [key.ownerId],
      subject: `Key “${key.name}” ${what}.`,
      body: `Your key “${key.name}” ${what}. Anything still using it will now be refused; request a new key if you still need one.`,
      link: `/keys/${key.id}`,
    },
    now,
  );
}

/**
 * Keyward's revoke at a key's expiry failed: the key still works past its date. Told to the
 * admins once per expiry (the job retries every minute), through a threshold-0 row in
 * `expiry_reminders` claimed in the same transaction.
 */
export async function notifyExpiryMissed(db: Db, keyId: string, now: Date = new Date()): Promise<void> {
  const key = await keyRow(db, keyId);
  if (!key?.expiresAt) return;
  const expiresAt = key.expiresAt;
  await inTransaction(db, async (tx) => {
    const [claimed] = await tx
      .insert(expiryReminders)
      .values({ subjectId: key.id, thresholdDays: 0, expiresAt, sentAt: now })
      .onConflictDoNothing()
      .returning({ subjectId: expiryReminders.subjectId });
    if (!claimed) return;
    await notify(
      tx,
      {
        teamId: key.teamId,
        event: "key.expiry_missed",
        occurrence: `${key.id}:${expiresAt.toISOString()}`,
        to: await admins(tx, key.teamId),
        subject: `Key “${key.name}” is past its expiry but could not be revoked.`,
        body: `Keyward could not revoke the key “${key.name}” at its expiry; it may still work on the vendor. Keyward retries every minute; the audit log has the vendor's answer.`,
        link: `/keys/${key.id}`,
      },
      now,
    );
  });
}
