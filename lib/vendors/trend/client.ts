import type { z } from "zod";
import { vendorRequest, type VendorRequest, type VendorResponse } from "../http";
import type { VendorConnection } from "../types";
import { connectionSecrets, hostOf, trendAuth, type TrendAuth } from "./connection";
import { badAnswer, failureFor, type CallContext } from "./failures";
import { parseJson, sessionCookie, sessionSchema, TREND_API_VERSION, type SessionRequest } from "./wire";

/** Credentials for one adapter operation: the connection's own, or a freshly minted key being verified. */
export type ChannelAuth = TrendAuth | { mode: "new-key"; secretKey: string };

interface Session {
  sID: string;
  rID: string;
  administratorId?: number;
}

/**
 * One adapter operation's way into the manager's `/api`. It adds `api-version: v1` to every
 * call and authenticates either with `api-secret-key` or, in session mode, with the `sID`
 * cookie and `rID` header of one `POST /api/sessions` made lazily and reused for the
 * operation's later calls.
 */
export class TrendChannel {
  private session?: Session;
  private readonly secrets: string[];

  constructor(
    private readonly conn: VendorConnection,
    private readonly auth: ChannelAuth = trendAuth(conn),
  ) {
    this.secrets = connectionSecrets(conn);
    if (auth.mode === "new-key") this.secrets.push(auth.secretKey);
  }

  get mode(): ChannelAuth["mode"] {
    return this.auth.mode;
  }

  /** The administrator the session signed in as, once a session exists. */
  get administratorId(): number | undefined {
    return this.session?.administratorId;
  }

  context(action: string): CallContext {
    return { host: hostOf(this.conn), action, authMode: this.auth.mode, secrets: this.secrets };
  }

  /** Adds a secret (a new key's) that messages from now on must not carry. */
  protect(secret: string): void {
    this.secrets.push(secret);
  }

  /** A call whose 2xx answer must parse with `schema`. */
  async json<T>(
    action: string,
    method: VendorRequest["method"],
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
  ): Promise<T> {
    const res = await this.send(action, method, path, body);
    const parsed = parseJson(schema, res.body);
    if (!parsed.ok) throw badAnswer(this.context(action), parsed.problem, res.status);
    return parsed.value;
  }

  /** A call whose answer body does not matter (delete), or that the caller reads itself. */
  async send(action: string, method: VendorRequest["method"], path: string, body?: unknown): Promise<VendorResponse> {
    const headers = await this.authHeaders(action);
    const res = await this.raw(method, path, headers, body);
    if (res.status < 200 || res.status > 299) throw failureFor(res.status, res.body, this.context(action));
    return res;
  }

  private async authHeaders(action: string): Promise<Record<string, string>> {
    if (this.auth.mode !== "session") return { "api-secret-key": this.auth.secretKey };
    const session = this.session ?? (this.session = await this.signIn(this.auth, action));
    return { cookie: `sID=${session.sID}`, rID: session.rID };
  }

  private async signIn(auth: Extract<TrendAuth, { mode: "session" }>, action: string): Promise<Session> {
    const body: SessionRequest = { userName: auth.userName, password: auth.password };
    if (auth.tenantName) body.tenantName = auth.tenantName;
    const res = await this.raw("POST", "/sessions", {}, body);
    const ctx = this.context(`sign in to ${action}`);
    if (res.status < 200 || res.status > 299) throw failureFor(res.status, res.body, ctx);
    const parsed = parseJson(sessionSchema, res.body);
    if (!parsed.ok) throw badAnswer(ctx, parsed.problem, res.status);
    const sID = sessionCookie(res.setCookie);
    if (!sID) throw badAnswer(ctx, "the answer set no sID session cookie", res.status);
    return { sID, rID: parsed.value.requestId, administratorId: parsed.value.administratorID };
  }

  private raw(
    method: VendorRequest["method"],
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<VendorResponse> {
    const all: Record<string, string> = { "api-version": TREND_API_VERSION, accept: "application/json", ...headers };
    if (body !== undefined) all["content-type"] = "application/json";
    return vendorRequest(this.conn, {
      method,
      path: apiPath(this.conn.baseUrl, path),
      headers: all,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}

/** `/api` + path, unless the admin already typed the `/api` prefix into the base URL. */
export function apiPath(baseUrl: string, path: string): string {
  let prefix = "/api";
  try {
    if (/\/api\/?$/.test(new URL(baseUrl).pathname)) prefix = "";
  } catch {
    // vendorRequest reports a bad base URL itself.
  }
  return prefix + path;
}
