import "server-only";
import { AppError, forbidden, unauthorized } from "@/lib/errors";
import { currentCaller, type Caller } from "./session";
import { can, type Permission } from "./permissions";
import { viewerOf, type Actor, type Viewer } from "./actor";

/** A caller who must replace a one-time password may do nothing else until they have. */
export const passwordChangeRequired = () =>
  new AppError(
    "password_change_required",
    403,
    "Choose a new password first: your account was created with a one-time password (Account → Password).",
  );

/** A member of a team that requires a second factor, who has none, may only enrol one. */
export const secondFactorRequired = () =>
  new AppError(
    "second_factor_required",
    403,
    "Your team requires a second factor: add a passkey or an authenticator app first (Account → Security).",
  );

const noTeam = () => new AppError("no_team", 403, "You are not a member of any team yet. Ask an admin to add you.");

export interface TeamAccess {
  caller: Caller;
  actor: Actor;
  /** The current team's name, for headings. */
  teamName: string;
  viewer: Viewer;
}

/**
 * The one place that decides whether the caller may act in their current team with a
 * permission: signed in, password chosen, second factor enrolled where a team requires one, in a team, role allows it. Route handlers (through
 * endpoint()) and pages (through page-guard) both start here, so they cannot disagree.
 */
export async function teamAccess(permission: Permission): Promise<TeamAccess> {
  const caller = await currentCaller();
  if (!caller) throw unauthorized();
  if (caller.mustChangePassword) throw passwordChangeRequired();
  if (caller.mustEnrolSecondFactor) throw secondFactorRequired();
  if (!caller.team) throw noTeam();
  if (!can(caller.team.role, permission)) throw forbidden(`Your role (${caller.team.role}) does not allow this.`);
  const actor: Actor = { user: caller.user, team: caller.team };
  return { caller, actor, viewer: viewerOf(actor), teamName: caller.team.name };
}
