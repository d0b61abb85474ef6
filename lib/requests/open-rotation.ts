import { and, eq, or } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { keyRequests, users } from "@/lib/db/schema";
import { requestStatusIs } from "./status";

export interface OpenRotation {
  status: "pending" | "approved";
  requester: string;
}

/** A rotation of the key that was requested but not issued yet (a second one is refused). */
export async function openRotationOf(
  db: Db,
  teamId: string,
  keyId: string,
  now = new Date(),
): Promise<OpenRotation | null> {
  const [rotation] = await db
    .select({ status: keyRequests.status, requester: users.email })
    .from(keyRequests)
    .innerJoin(users, eq(users.id, keyRequests.requesterId))
    .where(
      and(
        eq(keyRequests.teamId, teamId),
        eq(keyRequests.replacesKeyId, keyId),
        // Open as shown everywhere (status.ts): an approval past its window is lapsed already.
        or(requestStatusIs("pending", now), requestStatusIs("approved", now)),
      ),
    )
    .limit(1);
  return rotation && (rotation.status === "pending" || rotation.status === "approved")
    ? { status: rotation.status, requester: rotation.requester }
    : null;
}
