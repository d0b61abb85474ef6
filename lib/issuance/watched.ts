import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { progressResponse, wantsProgress } from "@/lib/api/progress-stream";
import { takeBack } from "./take-back";
import type { Delivery, IssuedKey } from "./types";

/**
 * An issue's answer. A caller that asks for `application/x-ndjson` watches it: progress streamed
 * on the response that will carry the secret, and the key taken back if the caller is gone by the
 * time the answer is ready. Any other caller gets the plain JSON answer.
 */
export function issueAnswer<T extends IssuedKey>(
  req: Request,
  db: Db,
  issuer: Actor,
  issue: (delivery?: Delivery) => Promise<T>,
): Promise<T | Response> {
  if (!wantsProgress(req)) return issue();
  return progressResponse({
    signal: req.signal,
    run: issue,
    undelivered: async (issued) => {
      await takeBack(db, issuer, issued.key.id, issued.key.requestId);
    },
  });
}
