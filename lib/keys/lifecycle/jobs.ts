import "server-only";
import type { Db } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import type { JobDefinition } from "@/lib/jobs/job";
import { adapterFor } from "@/lib/vendors/registry";
import { reconcileConnection } from "./reconcile";
import { retireDueKeys } from "./retire-due";
import { expireDueKeys } from "./expire-due";
import { queueExpiryReminders } from "./expiry-reminders";
import { enforceUnusedKeyPolicy } from "./unused";
import { queueRotationDueNotices, queueUnconfirmedDeliveryNotices } from "./custody-events";

/**
 * Revokes rotated keys whose grace period is over, every minute. A vendor failure on one key is
 * audited by the revoke and leaves that key due for the next run; it does not fail the job.
 */
export const retireDueKeysJob: JobDefinition = {
  name: "keys.retire-due",
  everyMs: 60_000,
  async run({ db, now }) {
    await retireDueKeys(db, now);
  },
};

/**
 * Revokes keys whose Keyward-enforced expiry has come (vendors without an expiry of their own),
 * every minute; a failed revoke stays due and is retried on the next run.
 */
export const expireDueKeysJob: JobDefinition = {
  name: "keys.expire-due",
  everyMs: 60_000,
  runAtStartup: true,
  async run({ db, now }) {
    await expireDueKeys(db, now);
  },
};

/**
 * Reconciles every connection whose vendor can list keys. Each connection on its own: an
 * unreachable vendor is recorded (by reconcileConnection, as a failed `connection.reconcile`
 * audit event) and the others still run; the job itself succeeds, so a vendor outage does not
 * make every connection's reconciliation retry sooner.
 */
async function reconcileAllConnections(db: Db): Promise<{ connections: number; failed: number }> {
  const rows = await db
    .select({ id: connections.id, teamId: connections.teamId, vendor: connections.vendor })
    .from(connections);
  let done = 0;
  let failed = 0;
  for (const row of rows) {
    if (!adapterFor(row.vendor)?.capabilities.lifecycle.includes("list")) continue;
    try {
      await reconcileConnection(db, null, row.teamId, row.id);
      done++;
    } catch {
      failed++;
    }
  }
  return { connections: done, failed };
}

/** Scheduled reconciliation every `minutes` (KEYWARD_RECONCILE_MINUTES); a slow vendor may take a while, hence the longer lease. */
export function reconcileJob(minutes: number): JobDefinition {
  return {
    name: "connections.reconcile",
    everyMs: minutes * 60_000,
    leaseMs: 30 * 60_000,
    async run({ db }) {
      await reconcileAllConnections(db);
    },
  };
}

/**
 * Queues the reminders that have fallen due: expiries (keys, Keyward's own connection
 * credentials), rotations due under a team's policy, deliveries left unconfirmed.
 */
export const reminderJob: JobDefinition = {
  name: "notify.reminders",
  everyMs: 10 * 60_000,
  runAtStartup: true,
  async run({ db, now }) {
    await queueExpiryReminders(db, now);
    await queueRotationDueNotices(db, now);
    await queueUnconfirmedDeliveryNotices(db, now);
  },
};

/**
 * The team policy "revoke keys unused for N days": reminds owners a week ahead, then revokes
 * (lib/keys/lifecycle/unused.ts). Every 10 minutes: last use only changes at reconcile anyway.
 */
export const unusedKeysJob: JobDefinition = {
  name: "keys.unused",
  everyMs: 10 * 60_000,
  async run({ db, now }) {
    await enforceUnusedKeyPolicy(db, now);
  },
};
