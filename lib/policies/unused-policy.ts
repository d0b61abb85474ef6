import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { teams } from "@/lib/db/schema";
import { inTransaction } from "@/lib/db/transaction";
import { recordAudit } from "@/lib/audit/record";
import type { UnusedPolicy } from "./unused-policy-input";

/** The team's unused-key policy (lib/keys/lifecycle/unused.ts enforces it). */
export async function getUnusedPolicy(db: Db, teamId: string): Promise<UnusedPolicy> {
  const [row] = await db
    .select({ revokeUnusedAfterDays: teams.revokeUnusedAfterDays })
    .from(teams)
    .where(eq(teams.id, teamId));
  return { revokeUnusedAfterDays: row?.revokeUnusedAfterDays ?? null };
}

/** Saves it; the audit event keeps it before and after, like a connection's policy. */
export async function updateUnusedPolicy(db: Db, actor: Actor, input: UnusedPolicy): Promise<UnusedPolicy> {
  return inTransaction(db, async (tx) => {
    const before = await getUnusedPolicy(tx, actor.team.id);
    await tx
      .update(teams)
      .set({ revokeUnusedAfterDays: input.revokeUnusedAfterDays })
      .where(eq(teams.id, actor.team.id));
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "policy.update",
      target: { type: "team", id: actor.team.id },
      outcome: "success",
      detail: { policy: "revoke unused keys", before, after: input },
    });
    return input;
  });
}
