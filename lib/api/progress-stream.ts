import "server-only";
import { logUnexpected } from "@/lib/log";
import type { MintContext, MintProgress } from "@/lib/vendors/types";
import { errorResponse } from "./http";

/**
 * Long work answered on its own response as newline-delimited JSON, for a client that asks with
 * `Accept: application/x-ndjson`: one `progress` line per step, a `heartbeat` every few seconds
 * (so no proxy buffers the answer or drops it as idle), and a last `result` or `error` line. The
 * result travels in this one response, like the plain JSON answer a caller without that Accept
 * gets. If the caller leaves first, the result is handed to `undelivered` instead of written.
 */

const NDJSON = "application/x-ndjson";
const HEARTBEAT_MS = 5_000;

export type ProgressLine<T> =
  | ({ type: "progress"; elapsedMs: number } & MintProgress)
  | { type: "heartbeat"; elapsedMs: number }
  | { type: "result"; elapsedMs: number; result: T }
  | { type: "error"; elapsedMs: number; status: number; error: { code: string; message: string } };

export function wantsProgress(req: Request): boolean {
  return (req.headers.get("accept") ?? "")
    .split(",")
    .some((part) => part.split(";")[0]!.trim().toLowerCase() === NDJSON);
}

export interface WatchedWork<T> {
  /** The request's signal: it fires when the client disconnects. */
  signal: AbortSignal;
  run(watch: Required<MintContext>): Promise<T>;
  /** The result was ready but nobody was left to receive it: undo what it made. */
  undelivered(result: T): Promise<void>;
  heartbeatMs?: number;
}

/**
 * Resolves once the work reported its first step: a failure before that (a refusal by policy,
 * a claim held elsewhere, a repeated submission) is thrown, so it answers with its own HTTP
 * status exactly as without streaming; from then on the answer is a 200 stream.
 */
export async function progressResponse<T>(work: WatchedWork<T>): Promise<Response> {
  const gone = new AbortController();
  const leave = () => gone.abort();
  if (work.signal.aborted) leave();
  else work.signal.addEventListener("abort", leave, { once: true });
  const started = Date.now();
  const elapsedMs = () => Date.now() - started;
  const encoder = new TextEncoder();
  const backlog: string[] = [];
  let sink: ReadableStreamDefaultController<Uint8Array> | null = null;
  let closed = false;

  const write = (line: ProgressLine<T>): boolean => {
    if (closed) return false;
    const text = `${JSON.stringify(line)}\n`;
    if (!sink) return backlog.push(text) > 0;
    try {
      sink.enqueue(encoder.encode(text));
      return true;
    } catch {
      closed = true;
      leave();
      return false;
    }
  };
  const finish = () => {
    work.signal.removeEventListener("abort", leave);
    if (closed) return;
    closed = true;
    try {
      sink?.close();
    } catch {
      // already closed by the client
    }
  };

  let firstStep!: () => void;
  const stepped = new Promise<void>((resolve) => (firstStep = resolve));
  const running = work.run({
    signal: gone.signal,
    progress: (step) => {
      write({ type: "progress", elapsedMs: elapsedMs(), ...step });
      firstStep();
    },
  });
  const early = await Promise.race([
    stepped.then(() => null),
    running.then(
      () => null,
      (err: unknown) => ({ err }),
    ),
  ]);
  if (early) {
    work.signal.removeEventListener("abort", leave);
    throw early.err;
  }

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      sink = controller;
      for (const text of backlog.splice(0)) controller.enqueue(encoder.encode(text));
      const beat = setInterval(
        () => write({ type: "heartbeat", elapsedMs: elapsedMs() }),
        work.heartbeatMs ?? HEARTBEAT_MS,
      );
      running.then(
        async (result) => {
          clearInterval(beat);
          if (gone.signal.aborted || !write({ type: "result", elapsedMs: elapsedMs(), result })) {
            await work.undelivered(result).catch((err: unknown) => logUnexpected("undelivered result", err));
          }
          finish();
        },
        async (err: unknown) => {
          clearInterval(beat);
          // The one error table, so a streamed failure reads exactly like a plain one.
          const failed = errorResponse(err);
          const body = (await failed.json()) as { error: { code: string; message: string } };
          write({ type: "error", elapsedMs: elapsedMs(), status: failed.status, error: body.error });
          finish();
        },
      );
    },
    cancel() {
      closed = true;
      leave();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      "content-type": `${NDJSON}; charset=utf-8`,
      "cache-control": "no-store",
      // nginx (and proxies that honour it) would otherwise hold the lines back until the end.
      "x-accel-buffering": "no",
    },
  });
}
