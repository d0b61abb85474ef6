import { and, desc, eq, inArray, isNull, lt, or } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { auditEvents, memberships } from "@/lib/db/schema";

export type AuditEventView = Omit<typeof auditEvents.$inferSelect, "at"> & { at: string };

/** Newest first, keyset-paginated on id so a deep page costs the same as the first. */
export async function listAuditEvents(db: Db, teamId: string, opts: { before?: number; limit?: number } = {}): Promise<AuditEventView[]> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
  const rows = await db
    .select()
    .from(auditEvents)
    .where(
      and(
        or(
          eq(auditEvents.teamId, teamId),
          // Sign-ins belong to no team; a team sees those of its own members.
          and(isNull(auditEvents.teamId), inArray(auditEvents.actorId, db.select({ id: memberships.userId }).from(memberships).where(eq(memberships.teamId, teamId)))),
        ),
        opts.before ? lt(auditEvents.id, opts.before) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
