import { can, type TeamRole } from "./permissions";

/**
 * Who acts: a signed-in user inside one team, with their role there. Every change in lib/
 * takes one, records it in the audit log and scopes its rows to that team.
 */
export interface Actor {
  user: { id: string; email: string };
  team: { id: string; role: TeamRole };
}

/** Whose rows a reader may see: everyone's in the team (admins, auditors) or only their own. */
export interface Viewer {
  userId: string;
  seesAll: boolean;
}

export const viewerOf = (actor: Actor): Viewer => ({
  userId: actor.user.id,
  seesAll: can(actor.team.role, "key.read.all"),
});

/** The owner a query must filter on: none for someone who sees all, else the viewer. */
export const ownerFilter = (viewer: Viewer): string | undefined => (viewer.seesAll ? undefined : viewer.userId);
