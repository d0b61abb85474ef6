import { eq } from "drizzle-orm";
import { inTransaction } from "@/lib/db/transaction";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { teams } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { hasSecondFactor } from "@/lib/auth/factors/factors";
import { AppError } from "@/lib/errors";

import { getTeamSettings, type TeamSettingsView } from "./queries";

export interface TeamSettingsInput {
  selfApproval: boolean;
  approvalWindowMinutes: number;
  ssoEmailDomain: string | null;
  requireSecondFactor?: boolean;
  /** Keys should be rotated this many days after their issue; null for no policy. */
  rotationDays?: number | null;
}

/** Saves the team's settings; the audit event keeps what changed, before and after. */
export async function updateTeamSettings(db: Db, actor: Actor, input: TeamSettingsInput): Promise<TeamSettingsView> {
  return inTransaction(db, async (tx) => {
    const before = await getTeamSettings(tx, actor.team.id);
    // The rule applies to the admin too: without a factor of their own it would lock them out at once.
    if (input.requireSecondFactor && !before.requireSecondFactor && !(await hasSecondFactor(tx, actor.user.id)))
      throw new AppError(
        "second_factor_first",
        409,
        "Add a passkey or an authenticator app to your own account first (Account → Security): the rule applies to you too.",
        { requireSecondFactor: "Add a second factor to your own account first." },
      );
    // A setting left out stays as it is (older clients send fewer of them).
    const given = Object.fromEntries(
      Object.entries(input).filter(([, v]) => v !== undefined),
    ) as Partial<TeamSettingsInput>;
    await tx.update(teams).set(given).where(eq(teams.id, actor.team.id));
    const changes = (Object.keys(input) as Array<keyof TeamSettingsInput>)
      .filter((k) => input[k] !== undefined && before[k] !== input[k])
      .map((k) => ({ field: k, from: before[k], to: input[k] }));
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "team.settings",
      target: { type: "team", id: actor.team.id },
      outcome: "success",
      detail: { changes },
    });
    return { ...before, ...given };
  });
}
