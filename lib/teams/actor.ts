import type { TeamRole } from "@/lib/auth/permissions";

/** Who performs a team change: a user acting in one team (the shape route() hands over). */
export interface TeamActor {
  user: { id: string; email: string };
  team: { id: string; role?: TeamRole };
}
