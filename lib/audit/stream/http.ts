import { Agent, request } from "undici";
import { guardedLookup, urlProblem, type TargetRules } from "@/lib/net/ssrf";

export interface HttpStreamTarget extends TargetRules {
  url: string;
  /** The Authorization header value, unsealed; null when the receiver wants none. */
  authorization: string | null;
  caPem: string | null;
}

const TIMEOUT_MS = 15_000;

/**
 * POSTs one batch as JSON lines (one event a line). Only a 2xx means the receiver took the
 * batch; a redirect is not followed (it could point anywhere, past the address checks), and any
 * other answer or a timeout is an error the caller keeps on the stream with its cursor unmoved.
 * The error names the status or the network failure, never the Authorization value.
 */
export async function postJsonLines(target: HttpStreamTarget, lines: string[]): Promise<void> {
  const problem = urlProblem(target.url, target);
  if (problem) throw new Error(problem);
  // One agent per batch: it carries this stream's CA and address rules, and a run sends few batches.
  const agent = new Agent({
    connect: { lookup: guardedLookup(target) as never, timeout: TIMEOUT_MS, ca: target.caPem ?? undefined },
    headersTimeout: TIMEOUT_MS,
    bodyTimeout: TIMEOUT_MS,
  });
  try {
    let status: number;
    try {
      const res = await request(target.url, {
        method: "POST",
        dispatcher: agent,
        headers: {
          "content-type": "application/x-ndjson",
          "user-agent": "Keyward-AuditStream/1",
          ...(target.authorization ? { authorization: target.authorization } : {}),
        },
        body: lines.map((l) => `${l}\n`).join(""),
      });
      status = res.statusCode;
      await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const cause = (e.cause as NodeJS.ErrnoException | undefined) ?? e;
      const message = cause.message.split("\n", 1)[0]!;
      throw new Error(cause.code && !message.includes(cause.code) ? `${cause.code}: ${message}` : message, {
        cause: err,
      });
    }
    if (status >= 300 && status < 400)
      throw new Error(`The receiver answered ${status}, a redirect, which Keyward does not follow.`);
    if (status < 200 || status >= 300) throw new Error(`The receiver answered ${status}.`);
  } finally {
    await agent.close().catch(() => undefined);
  }
}

/** What a stream's sealed Authorization value is bound to, so it opens on its own row only. */
export const authHeaderBoundTo = (streamId: string) => `audit_stream:${streamId}`;
