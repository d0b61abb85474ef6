import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { progressResponse } from "@/lib/api/progress-stream";
import { takeBack } from "./take-back";
import type { Delivery, IssuedKey } from "./types";

/**
 * An issue whose caller watches it: progress streamed on the response that will carry the
 * secret, and the key taken back if the caller is gone by the time the answer is ready.
 */
export function issueWatched<T extends IssuedKey>(
  req: Request,
  db: Db,
  issuer: Actor,
  issue: (delivery: Delivery) => Promise<T>,
): Promise<Response> {
  return progressResponse({
    signal: req.signal,
    run: issue,
    undelivered: async (issued) => {
      await takeBack(db, issuer, issued.key.id, issued.key.requestId);
    },
  });
}
