/**
 * The BFF as component tests see it: `fetch` stubbed with a function that answers as the route
 * handlers do (JSON bodies, `{error:{code,message,fields}}` refusals, NDJSON progress streams), and
 * a record of every request the component sent, with its headers and parsed JSON body.
 */
import { vi } from "vitest";

export interface SentRequest {
  method: string;
  url: string;
  headers: Headers;
  /** The body as the server would parse it (JSON.parse of what was sent); undefined when none. */
  body: unknown;
  signal: AbortSignal | undefined;
}

/** A JSON answer, as the BFF writes them. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/** The BFF's refusal: `{error:{code,message,fields?,…extra}}`. */
export function refusal(
  status: number,
  code: string,
  message: string,
  more: { fields?: Record<string, string> } & Record<string, unknown> = {},
): Response {
  return json({ error: { code, message, ...more } }, status);
}

/**
 * A streamed answer (`application/x-ndjson`) the test writes line by line. `aborted` resolves when
 * the caller's signal fires, and the stream then errors as a dropped connection does.
 */
export function ndjsonStream(signal?: AbortSignal | null) {
  const encoder = new TextEncoder();
  let sink!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (sink = c) });
  const aborted = new Promise<void>((resolve) => {
    if (!signal) return;
    signal.addEventListener(
      "abort",
      () => {
        sink.error(new DOMException("The operation was aborted.", "AbortError"));
        resolve();
      },
      { once: true },
    );
  });
  return {
    response: new Response(body, { status: 200, headers: { "content-type": "application/x-ndjson" } }),
    write: (line: Record<string, unknown>) => sink.enqueue(encoder.encode(`${JSON.stringify(line)}\n`)),
    close: () => sink.close(),
    aborted,
  };
}

/** Stubs global `fetch` with `answer`; returns the list of requests it receives, in order. */
export function stubBff(answer: (req: SentRequest) => Response | Promise<Response>): SentRequest[] {
  const sent: SentRequest[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string | URL, init: RequestInit = {}) => {
      const text = typeof init.body === "string" ? init.body : undefined;
      const req: SentRequest = {
        method: init.method ?? "GET",
        url: String(input),
        headers: new Headers(init.headers),
        body: text === undefined ? undefined : (JSON.parse(text) as unknown),
        signal: init.signal ?? undefined,
      };
      sent.push(req);
      return answer(req);
    }),
  );
  return sent;
}
