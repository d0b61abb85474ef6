import "server-only";
import { notFound, redirect } from "next/navigation";
import { currentCaller, type Caller } from "./session";
import { can, type Permission } from "./permissions";

export type TeamCaller = Caller & { team: NonNullable<Caller["team"]> };

/** For pages: the caller with a team and the permission, or the right redirect (sign-in, no team yet) / 404. */
export async function requirePagePermission(permission: Permission): Promise<TeamCaller> {
  const caller = await currentCaller();
  if (!caller) redirect("/login");
  // Someone in no team yet (a first SSO sign-in) gets an explanation rather than a 404.
  if (!caller.team) redirect("/no-team");
  if (!can(caller.team.role, permission)) notFound();
  return caller as TeamCaller;
}
