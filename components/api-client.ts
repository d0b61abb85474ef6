import { sudoPrompt } from "./sudo-prompt";
import { apiPath, type ApiInput, type ApiParams, type ApiResult, type ApiRoute } from "./api-routes";

/** The browser's side of the BFF: JSON in, JSON out, errors as values the forms can show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
    /** What else the answer said, e.g. `outcome` of an earlier identical submission. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A UUID from the browser: crypto.randomUUID where the page is a secure context, else from getRandomValues. */
function newUuid(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * A form's submissions, each with its own Idempotency-Key: the same key while the same
 * submission is sent again after a network error (the first try may have reached the server),
 * a new one once the server has answered or the form changed. The server answers a repeat with
 * 409 and the first try's outcome, never a second key.
 */
export class Submissions {
  private current: { key: string; what: string } | null = null;

  /** The Idempotency-Key for submitting `what` (the body, or what identifies the action). */
  keyFor(what: unknown): string {
    const json = JSON.stringify(what);
    if (this.current?.what !== json) this.current = { key: newUuid(), what: json };
    return this.current.key;
  }

  /** After the call: only a network error (no answer) keeps the key for a retry of the same submission. */
  settled(err?: unknown): void {
    if (!(err instanceof ApiError && err.status === 0)) this.current = null;
  }
}

export { registerSudoPrompt } from "./sudo-prompt";

/** Runs a call again once the user confirmed their password, when the server asked for it (sudo mode). */
export async function retryAfterSudo<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const prompt = sudoPrompt();
    if (err instanceof ApiError && err.code === "sudo_required" && prompt && (await prompt(err.message))) return call();
    throw err;
  }
}

interface FetchInit {
  method?: string;
  body?: unknown;
  /** A submission's Idempotency-Key (see Submissions). */
  idempotencyKey?: string;
}

/** The fetch options every BFF call shares: a JSON body, its Idempotency-Key, never cached. */
export function bffRequest(init: FetchInit & { accept?: string; signal?: AbortSignal }): RequestInit {
  const headers: Record<string, string> = {};
  if (init.accept) headers.accept = init.accept;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  if (init.idempotencyKey) headers["idempotency-key"] = init.idempotencyKey;
  return {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    cache: "no-store",
    signal: init.signal,
  };
}

export const networkError = () =>
  new ApiError(0, "network", "The console could not be reached. Check your network and try again.");

/** A JSON answer: its payload, or the BFF's error (code, message, fields and the rest) as an ApiError. */
export async function jsonAnswer<T>(res: Response): Promise<T> {
  const payload = (await res.json().catch(() => null)) as {
    error?: { code: string; message: string; fields?: Record<string, string> } & Record<string, unknown>;
  } | null;
  if (!res.ok) {
    const { code, message, fields, ...extra } = payload?.error ?? {
      code: "http_error",
      message: `The console answered ${res.status}.`,
    };
    throw new ApiError(res.status, code, message, fields ?? {}, extra);
  }
  return payload as T;
}

/**
 * Calls the BFF. When the server asks for a recent password confirmation (sudo mode), the
 * user is asked inline and the same request is sent once more, so the action resumes.
 */
function apiFetch<T>(path: string, init: FetchInit = {}): Promise<T> {
  return retryAfterSudo(async () => {
    let res: Response;
    try {
      res = await fetch(path, bffRequest(init));
    } catch {
      throw networkError();
    }
    return jsonAnswer<T>(res);
  });
}

/** What a typed call needs: the route's path parameters and body when it has them. */
export type ApiCall<R extends ApiRoute> = ([keyof ApiParams<R>] extends [never]
  ? { params?: undefined }
  : { params: ApiParams<R> }) &
  (undefined extends ApiInput<R> ? { body?: ApiInput<R> } : { body: ApiInput<R> }) & {
    /** Appended to the path (`DELETE /api/team/members/:userId?keys=…`). */
    query?: URLSearchParams;
    idempotencyKey?: string;
  };

/**
 * Calls one BFF route by name ("POST /api/teams"), typed by the handler behind it: the body it
 * takes and the answer it gives come from the route module (components/api-routes.ts).
 */
export function api<R extends ApiRoute>(route: R, call: ApiCall<R>): Promise<ApiResult<R>> {
  const { method, path } = apiPath(route, (call.params ?? {}) as ApiParams<R>);
  const query = call.query?.toString();
  return apiFetch<ApiResult<R>>(query ? `${path}?${query}` : path, {
    method,
    body: call.body,
    idempotencyKey: call.idempotencyKey,
  });
}
