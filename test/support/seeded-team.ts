import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, users } from "@/lib/db/schema";
import { seedDemo, type SeedInput } from "@/lib/demo/seed";
import type { Actor } from "@/lib/auth/actor";

export interface SeededTeam {
  teamId: string;
  /** True on the run that created the demo member and auditor (false when already there). */
  createdDemoUsers: boolean;
  admin: Actor;
  member: Actor;
  auditor: Actor;
  /** The team's connections, one per emulator passed in. */
  connections: Array<typeof connections.$inferSelect>;
}

/**
 * The demo team as `npm start` seeds it (admin, member, auditor, one connection per emulator and
 * the demo's explicit grants), with each person as the Actor the lib/ functions take.
 */
export async function seedTestTeam(db: Db, input: Pick<SeedInput, "demoCaPem" | "emulators">): Promise<SeededTeam> {
  const seeded = await seedDemo(db, {
    ...input,
    adminEmail: "admin@example.com",
    adminPassword: "Seed-Admin-1",
    memberEmail: "member@example.com",
    memberPassword: "Seed-Member-1",
    auditorEmail: "auditor@example.com",
    auditorPassword: "Seed-Auditor-1",
  });
  const actor = async (email: string, role: Actor["team"]["role"]): Promise<Actor> => {
    const [u] = await db.select().from(users).where(eq(users.email, email));
    return { user: { id: u!.id, email }, team: { id: seeded.teamId, role } };
  };
  return {
    teamId: seeded.teamId,
    createdDemoUsers: seeded.createdDemoUsers,
    admin: await actor("admin@example.com", "admin"),
    member: await actor("member@example.com", "member"),
    auditor: await actor("auditor@example.com", "auditor"),
    connections: await db.select().from(connections).where(eq(connections.teamId, seeded.teamId)),
  };
}
