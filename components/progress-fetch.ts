import type { MintProgress } from "@/lib/vendors/types";
import type { ProgressLine } from "@/lib/api/progress-stream";
import { ApiError, bffRequest, jsonAnswer, networkError, retryAfterSudo, type ApiCall } from "./api-client";
import { apiPath, type ApiParams, type ApiResult } from "./api-routes";

/**
 * The browser's side of a streamed issue: asks for `application/x-ndjson`, reports each step
 * as it arrives and resolves with the final result line. Cancelling (the signal) drops the
 * connection, and the console takes back whatever the vendor made; so does a cut-off answer.
 */

/** Neither a network error to retry with the same Idempotency-Key nor an answer: the submission is over. */
export const CANCELLED = "cancelled";

/** The routes that stream a mint's steps. */
type WatchedRoute = "POST /api/keys" | "POST /api/requests/:id/issue";

interface Watch {
  signal: AbortSignal;
  onProgress: (step: MintProgress & { elapsedMs: number }) => void;
}

/** Like api(), for a route that streams its steps: typed by the handler behind it. */
export function progressFetch<R extends WatchedRoute>(route: R, call: ApiCall<R> & Watch): Promise<ApiResult<R>> {
  const { method, path } = apiPath(route, (call.params ?? {}) as ApiParams<R>);
  return retryAfterSudo(() => progressFetchOnce<ApiResult<R>>(path, { ...call, method }));
}

type ProgressFetchInit = Watch & { method: string; body?: unknown; idempotencyKey?: string };

const cancelled = () =>
  new ApiError(
    499,
    CANCELLED,
    "Cancelled. Nothing was shown, and whatever the vendor made for this key is taken back: revoked, or flagged for an admin where the vendor cannot revoke.",
  );

async function progressFetchOnce<T>(path: string, init: ProgressFetchInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, bffRequest({ ...init, accept: "application/x-ndjson, application/json" }));
  } catch {
    if (init.signal.aborted) throw cancelled();
    throw networkError();
  }
  // A refusal before the first step (or a console that answers plain JSON) reads like any call.
  if (!res.ok || !res.headers.get("content-type")?.startsWith("application/x-ndjson")) return jsonAnswer<T>(res);
  return readLines<T>(res.body!, init);
}

async function readLines<T>(body: ReadableStream<Uint8Array>, init: ProgressFetchInit): Promise<T> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffered.indexOf("\n")) >= 0) {
        const text = buffered.slice(0, end).trim();
        buffered = buffered.slice(end + 1);
        if (!text) continue;
        const line = JSON.parse(text) as ProgressLine<T>;
        if (line.type === "progress") init.onProgress(line);
        else if (line.type === "result") return line.result;
        else if (line.type === "error")
          throw new ApiError(line.status, line.error.code, line.error.message, {}, { ...line.error });
      }
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (init.signal.aborted) throw cancelled();
  }
  // The answer stopped before its last line: the console saw the connection go and takes the key back.
  throw new ApiError(
    499,
    "cut_off",
    "The answer was cut off before the key arrived, so the console takes the key back. Try again.",
  );
}
