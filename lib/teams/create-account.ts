import { and, eq, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { memberships, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { TeamRole } from "@/lib/auth/permissions";
import { createInvite, type CreatedInvite } from "./create-invite";

/** How long a sign-up link stays valid. */
const ACCOUNT_LINK_DAYS = 7;

/**
 * An admin adds a person by e-mail: the answer is always a sign-up link locked to that address,
 * whether or not the address already has a Keyward account (SECURITY.md, "No account
 * enumeration"). A new person sets their own password through it; someone with an account signs
 * in and accepts. Nobody joins a team without acting themselves, and the admin learns nothing
 * about accounts outside the team. Only a member of this very team is reported (the admin sees
 * the member list anyway).
 */
export async function createAccountLink(
  db: Db,
  actor: Actor,
  input: { email: string; role: TeamRole },
): Promise<CreatedInvite> {
  const email = input.email.toLowerCase();
  const [member] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.teamId, actor.team.id), sql`lower(${users.email}) = ${email}`))
    .limit(1);
  if (member)
    throw new AppError("already_member", 409, `${email} is already a member of this team (as ${member.role}).`, {
      email: "Already a member of this team.",
    });
  return createInvite(db, actor, { role: input.role, days: ACCOUNT_LINK_DAYS, email });
}
