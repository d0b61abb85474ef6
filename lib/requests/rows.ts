import type { keyRequests } from "@/lib/db/schema";
import type { TeamRole } from "@/lib/auth/permissions";

/** Who acts on requests: a user in one team, with their role there. */
export interface RequestActor {
  user: { id: string; email: string };
  team: { id: string; role: TeamRole };
}

export type RequestRow = typeof keyRequests.$inferSelect;
