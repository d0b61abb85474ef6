import type { Db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { memberships, teams } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";

/** Any signed-in user may start a team; they become its first admin. */
export async function createTeam(
  db: Db,
  actor: { id: string; email: string },
  name: string,
): Promise<{ id: string; name: string }> {
  return inTransaction(db, async (tx) => {
    const [team] = await tx.insert(teams).values({ name }).returning({ id: teams.id, name: teams.name });
    await tx.insert(memberships).values({ teamId: team!.id, userId: actor.id, role: "admin" });
    await recordAudit(tx, {
      teamId: team!.id,
      actor,
      action: "team.create",
      target: { type: "team", id: team!.id },
      outcome: "success",
      detail: { name },
    });
    return team!;
  });
}
