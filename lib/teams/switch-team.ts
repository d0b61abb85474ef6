import type { Db } from "@/lib/db/client";
import { membershipOrThrow } from "./queries";

/**
 * Checks that the user may act in the team they switch to (a team they are not in is a 404).
 * The choice itself is the `keyward-team` cookie, which lib/auth/session.ts re-checks on every
 * request, so a removed membership stops working at once whatever the cookie says.
 */
export async function switchTeam(db: Db, userId: string, teamId: string): Promise<{ teamId: string }> {
  await membershipOrThrow(db, teamId, userId);
  return { teamId };
}
