import type { MintProgress } from "@/lib/vendors/types";
import type { ProgressLine } from "@/lib/api/progress-stream";
import { ApiError, retryAfterSudo } from "./api-client";

/**
 * The browser's side of a streamed issue: asks for `application/x-ndjson`, reports each step
 * as it arrives and resolves with the final result line. Cancelling (the signal) drops the
 * connection, and the console takes back whatever the vendor made; so does a cut-off answer.
 */

/** Neither a network error to retry with the same Idempotency-Key nor an answer: the submission is over. */
export const CANCELLED = "cancelled";

interface ProgressFetchInit {
  method: "POST";
  body?: unknown;
  idempotencyKey?: string;
  signal: AbortSignal;
  onProgress: (step: MintProgress & { elapsedMs: number }) => void;
}

export function progressFetch<T>(path: string, init: ProgressFetchInit): Promise<T> {
  return retryAfterSudo(() => progressFetchOnce<T>(path, init));
}

const cancelled = () =>
  new ApiError(
    499,
    CANCELLED,
    "Cancelled. Nothing was shown, and whatever the vendor made for this key is taken back: revoked, or flagged for an admin where the vendor cannot revoke.",
  );

async function progressFetchOnce<T>(path: string, init: ProgressFetchInit): Promise<T> {
  const headers: Record<string, string> = { accept: "application/x-ndjson, application/json" };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  if (init.idempotencyKey) headers["idempotency-key"] = init.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: "no-store",
      signal: init.signal,
    });
  } catch {
    if (init.signal.aborted) throw cancelled();
    throw new ApiError(0, "network", "The console could not be reached. Check your network and try again.");
  }
  if (!res.ok || !res.headers.get("content-type")?.startsWith("application/x-ndjson")) {
    const payload = (await res.json().catch(() => null)) as {
      error?: { code: string; message: string; fields?: Record<string, string> } & Record<string, unknown>;
    } | null;
    if (res.ok) return payload as T;
    const { code, message, fields, ...extra } = payload?.error ?? {
      code: "http_error",
      message: `The console answered ${res.status}.`,
    };
    throw new ApiError(res.status, code, message, fields ?? {}, extra);
  }
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
