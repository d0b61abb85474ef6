import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, issueAttempts, keyRequests, users } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { z } from "zod";
import { conflict, notFound } from "@/lib/errors";

/**
 * Undelivered attempts: the recovery sweep could not find or revoke the key a console that died
 * mid-mint may have left on the vendor, so an admin retires it there by hand and confirms it here.
 * Until then the request cannot be issued again (claim.ts), and the dashboard counts them.
 */

export interface UndeliveredAttemptView {
  id: string;
  requestId: string;
  keyName: string;
  connectionName: string;
  vendor: string;
  requester: string;
  startedAt: string;
  message: string;
}

/** The team's undelivered attempts no admin has confirmed yet, newest first. */
export async function listUndeliveredAttempts(db: Db, teamId: string, limit = 50): Promise<UndeliveredAttemptView[]> {
  const rows = await db
    .select({
      id: issueAttempts.id,
      requestId: issueAttempts.requestId,
      keyName: keyRequests.name,
      connectionName: connections.name,
      vendor: connections.vendor,
      requester: users.email,
      startedAt: issueAttempts.startedAt,
      message: issueAttempts.failureMessage,
    })
    .from(issueAttempts)
    .innerJoin(keyRequests, eq(keyRequests.id, issueAttempts.requestId))
    .innerJoin(connections, eq(connections.id, issueAttempts.connectionId))
    .innerJoin(users, eq(users.id, issueAttempts.userId))
    .where(
      and(
        eq(issueAttempts.teamId, teamId),
        eq(issueAttempts.status, "undelivered"),
        isNull(issueAttempts.retiredByHandAt),
      ),
    )
    .orderBy(desc(issueAttempts.settledAt))
    .limit(limit);
  return rows.map((r) => ({ ...r, startedAt: r.startedAt.toISOString(), message: r.message ?? "" }));
}

export const retiredByHandBodySchema = z.object({ attemptId: z.string().uuid() });

/** An admin confirms the key an undelivered attempt may have left was retired on the vendor (or is accepted). */
export async function confirmRetiredByHand(
  db: Db,
  actor: { user: { id: string; email: string }; team: { id: string } },
  attemptId: string,
): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(attemptId)) throw notFound("The issuing attempt");
  await inTransaction(db, async (tx) => {
    const [row] = await tx
      .update(issueAttempts)
      .set({ retiredByHandAt: sql`now()`, retiredByHandBy: actor.user.id })
      .where(
        and(
          eq(issueAttempts.id, attemptId),
          eq(issueAttempts.teamId, actor.team.id),
          eq(issueAttempts.status, "undelivered"),
          isNull(issueAttempts.retiredByHandAt),
        ),
      )
      .returning({ requestId: issueAttempts.requestId, vendorName: issueAttempts.vendorName });
    if (!row) {
      const [exists] = await tx
        .select({ id: issueAttempts.id })
        .from(issueAttempts)
        .where(and(eq(issueAttempts.id, attemptId), eq(issueAttempts.teamId, actor.team.id)));
      if (!exists) throw notFound("The issuing attempt");
      throw conflict("This attempt is not awaiting retirement by hand (it was confirmed already, or never needed it).");
    }
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "issuance.retired_by_hand",
      target: { type: "request", id: row.requestId },
      outcome: "success",
      detail: { attemptId, requestId: row.requestId, vendorName: row.vendorName },
    });
  });
}
