import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { issueAttempts, keyRequests } from "@/lib/db/schema";
import { recordAuditAlone, recordAudits, type AuditEventInput } from "@/lib/audit/record";
import { toVendorConnection } from "@/lib/connections/credentials";
import { getConnectionRow } from "@/lib/connections/queries";
import { notifyUser } from "@/lib/requests/notify";
import { notifyAttemptUndelivered } from "@/lib/keys/lifecycle/custody-events";
import { adapterFor } from "@/lib/vendors/registry";
import type { KeyRef } from "@/lib/vendors/types";
import { failureOf, staleAttempts } from "./attempts";
import type { AttemptRow } from "./types";

/*
 * The recovery sweep: settles issuing attempts a console left unsettled (it died, or hangs,
 * between the vendor call and the record). Per stale attempt:
 *
 *   find     the vendor keys carrying the attempt's vendor-side name (adapter.findByVendorName)
 *   revoke   each of them, each audited (`issuance.recover.revoke`)
 *   settle   attempt → recovered, the request's claim released, the requester told, audited
 *            (`issuance.recover`) — one transaction, guarded on the attempt still minting
 *
 * Where the vendor cannot find or revoke the key (no name: Expedition, a PAN-OS account key; no
 * list or revoke verb), the attempt is settled `undelivered`: an admin retires the key by hand
 * and confirms it (retired-by-hand.ts), and until then the request cannot be issued again, so a
 * retry never adds a second key beside one that may be alive. A vendor failure leaves the attempt
 * minting for the next run.
 */

type RecoveryResult = "recovered" | "undelivered" | "vendor_failed" | "settled_elsewhere";

export interface RecoveryReport {
  attemptId: string;
  requestId: string;
  result: RecoveryResult;
  revoked: string[];
}

/** Settles every attempt unsettled for longer than `olderThanMs` at `now`, oldest first. */
export async function recoverStaleAttempts(db: Db, now: Date, olderThanMs: number): Promise<RecoveryReport[]> {
  const reports: RecoveryReport[] = [];
  for (const attempt of await staleAttempts(db, olderThanMs, { now })) reports.push(await recoverAttempt(db, attempt));
  return reports;
}

const RECOVERED_PREFIX = "The console stopped while issuing this key.";

/** Settles one stale attempt. */
async function recoverAttempt(db: Db, attempt: AttemptRow): Promise<RecoveryReport> {
  const connection = await getConnectionRow(db, attempt.teamId, attempt.connectionId);
  const adapter = adapterFor(connection.vendor);
  const vendor = adapter?.capabilities.displayName ?? connection.vendor;
  const facts = {
    attemptId: attempt.id,
    requestId: attempt.requestId,
    connection: connection.name,
    vendor: connection.vendor,
    vendorName: attempt.vendorName,
    startedAt: attempt.startedAt.toISOString(),
  };
  const report = (result: RecoveryResult, revoked: string[] = []): RecoveryReport => ({
    attemptId: attempt.id,
    requestId: attempt.requestId,
    result,
    revoked,
  });
  const event = (outcome: "success" | "failure", action: string, detail: Record<string, unknown>): AuditEventInput => ({
    teamId: attempt.teamId,
    actor: null,
    action,
    target: { type: "request", id: attempt.requestId },
    outcome,
    detail: { ...facts, ...detail },
  });

  const name = attempt.vendorName;
  if (!name || !adapter?.findByVendorName || !adapter.revoke) {
    const settled = await settle(db, attempt, {
      status: "undelivered",
      code: "interrupted_undelivered",
      message: `${RECOVERED_PREFIX} ${vendor} may hold the key it created, and Keyward can neither find nor revoke it there: undelivered — retire by hand. An admin retires it on ${vendor} (or accepts it) and confirms so on the dashboard; then the key can be issued again.`,
      event: event("success", "issuance.recover", { result: "undelivered" }),
      vendor,
    });
    return report(settled ? "undelivered" : "settled_elsewhere");
  }

  const conn = toVendorConnection(connection);
  const revoked: string[] = [];
  let found: KeyRef[];
  try {
    found = await adapter.findByVendorName(conn, name);
    for (const ref of found) {
      await adapter.revoke(conn, ref);
      revoked.push(ref.vendorKeyId);
      await recordAuditAlone(db, event("success", "issuance.recover.revoke", { vendorKeyId: ref.vendorKeyId }));
    }
  } catch (err) {
    // Left minting: the next run tries again. What failed is on record for an admin.
    await recordAuditAlone(db, event("failure", "issuance.recover", { ...failureOf(err), revoked })).catch(
      () => undefined,
    );
    return report("vendor_failed", revoked);
  }
  const message =
    found.length > 0
      ? `${RECOVERED_PREFIX} The ${vendor} key it had created (“${name}”) was found and revoked, so nothing was left behind. Issue it again.`
      : `${RECOVERED_PREFIX} ${vendor} holds no key named “${name}” (it was never created, or is gone already), so nothing was left behind. Issue it again.`;
  const settled = await settle(db, attempt, {
    status: "recovered",
    code: found.length > 0 ? "interrupted_revoked" : "interrupted_nothing_left",
    message,
    event: event("success", "issuance.recover", { result: "recovered", revokedVendorKeyIds: revoked }),
    vendor,
  });
  return report(settled ? "recovered" : "settled_elsewhere", revoked);
}

/**
 * The attempt settled (guarded on it still minting), the request's claim released and the
 * requester told, with the audit event — one transaction. False when something else settled it.
 */
async function settle(
  db: Db,
  attempt: AttemptRow,
  outcome: {
    status: "recovered" | "undelivered";
    code: string;
    message: string;
    event: AuditEventInput;
    vendor: string;
  },
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const [settled] = await tx
      .update(issueAttempts)
      .set({
        status: outcome.status,
        failureCode: outcome.code,
        failureMessage: outcome.message,
        settledAt: sql`now()`,
      })
      .where(and(eq(issueAttempts.id, attempt.id), eq(issueAttempts.status, "minting")))
      .returning({ id: issueAttempts.id });
    if (!settled) return false;
    await tx
      .update(keyRequests)
      .set({ issuingSince: null })
      .where(and(eq(keyRequests.id, attempt.requestId), eq(keyRequests.status, "approved")));
    await notifyUser(tx, attempt.userId, attempt.teamId, outcome.message, "/requests");
    if (outcome.status === "undelivered") {
      // The admins must retire it by hand: told in the transaction that settles it, so never lost.
      const [request] = await tx
        .select({ name: keyRequests.name })
        .from(keyRequests)
        .where(eq(keyRequests.id, attempt.requestId));
      await notifyAttemptUndelivered(tx, {
        id: attempt.id,
        teamId: attempt.teamId,
        requestName: request?.name ?? "a key",
        vendor: outcome.vendor,
      });
    }
    await recordAudits(tx, [outcome.event]);
    return true;
  });
}
