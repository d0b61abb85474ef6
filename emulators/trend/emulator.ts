import { timingSafeEqual } from "node:crypto";
import type { ServerResponse } from "node:http";
import { sendJson, startEmulator, type EmulatorRequest, type VendorEmulator, type VendorEmulatorOptions } from "../kit";
import { routeApi, type Principal } from "./routes";
import { ApiFailure, TrendStore } from "./store";
import { TREND_API_VERSION } from "@/lib/vendors/trend/wire";

/**
 * A stand-in for a Trend Micro Server & Workload Protection / Deep Security manager's `/api`.
 *
 * Seeded state (documented for the demo README):
 *   roles    1 "Full Access" (may manage keys and roles), 2 "Auditor" ("Read-only access"),
 *            3 "Read Only" — all built in; 2 and 3 may only read.
 *   API key  ID 1 "Keyward admin key", role Full Access, never expires, secret
 *            TREND_DEMO_ADMIN_SECRET = "1:S2V5d2FyZERlbW9UcmVuZEFkbWluU2VjcmV0MDE=".
 *   users    "admin" / "Keyward-Trend-Admin-1" (Full Access, administratorID 1),
 *            "auditor" / "Keyward-Trend-Audit-1" (Auditor, administratorID 2).
 *   tenant   single-tenant manager: a `tenantName` at sign-in must be absent or "Primary".
 *
 * Protocol (vendor doc §2 and seed 003): every call needs `api-version: v1` (400 otherwise);
 * `api-secret-key` authenticates, or the `sID` cookie from `POST /api/sessions` plus the
 * session's `rID` header; locked (`active: false`), expired or unknown keys get 401; a role that
 * may only read gets 403 on changes; unknown ids 404; bad bodies 400; more than
 * `rateLimitPerMinute` calls per key or user in 60 s get 429 "Too many API requests".
 * Errors are `{"message": "..."}`. Sessions end after 30 idle minutes.
 */

export const TREND_DEMO_ADMIN_SECRET = "1:S2V5d2FyZERlbW9UcmVuZEFkbWluU2VjcmV0MDE=";
export const TREND_DEMO_USERS = {
  admin: { userName: "admin", password: "Keyward-Trend-Admin-1" },
  auditor: { userName: "auditor", password: "Keyward-Trend-Audit-1" },
} as const;
const TREND_DEMO_TENANT = "Primary";

const SESSION_IDLE_MS = 30 * 60 * 1000;

export interface TrendEmulatorOptions extends VendorEmulatorOptions {
  /** Clock in epoch ms, so that tests can move past an expiry. */
  now?: () => number;
  /** Calls allowed per key or user per minute (the manager's default user limit is 500). */
  rateLimitPerMinute?: number;
}

function seed(store: TrendStore): void {
  const full = store.addRole("Full Access", "Full access to the manager.", true, true);
  const auditor = store.addRole("Auditor", "Read-only access", false, true);
  store.addRole("Read Only", "Read-only access to computers and policies, without secrets.", false, true);
  store.insertKey(
    {
      keyName: "Keyward admin key",
      description: "Seeded by the emulator",
      locale: "en-US",
      roleID: full.ID,
      timeZone: "UTC",
      active: true,
    },
    TREND_DEMO_ADMIN_SECRET,
  );
  store.admins.set(1, { ID: 1, ...TREND_DEMO_USERS.admin, roleID: full.ID });
  store.admins.set(2, { ID: 2, ...TREND_DEMO_USERS.auditor, roleID: auditor.ID });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function header(req: EmulatorRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: EmulatorRequest): Record<string, unknown> {
  const text = req.body.toString("utf8").trim();
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiFailure(400, "The request body is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new ApiFailure(400, "The request body must be a JSON object.");
  return parsed as Record<string, unknown>;
}

export async function startTrendEmulator(opts: TrendEmulatorOptions): Promise<VendorEmulator> {
  const now = opts.now ?? Date.now;
  const store = new TrendStore(now);
  seed(store);
  const limit = opts.rateLimitPerMinute ?? 500;
  const calls = new Map<string, number[]>();

  function throttle(who: string): void {
    const since = now() - 60_000;
    const recent = (calls.get(who) ?? []).filter((t) => t > since);
    recent.push(now());
    calls.set(who, recent);
    if (recent.length > limit) throw new ApiFailure(429, "Too many API requests.");
  }

  function signIn(body: Record<string, unknown>, res: ServerResponse): void {
    const { userName, password, tenantName } = body;
    if (typeof userName !== "string" || typeof password !== "string" || !userName || !password)
      throw new ApiFailure(400, "userName and password are required.");
    if (tenantName !== undefined && tenantName !== "" && tenantName !== TREND_DEMO_TENANT)
      throw new ApiFailure(401, "Invalid tenant, user name or password.");
    const admin = store.findAdmin(userName);
    if (!admin || !sameText(admin.password, password))
      throw new ApiFailure(401, "Invalid tenant, user name or password.");
    const s = store.openSession(admin);
    const payload = JSON.stringify({
      administratorID: admin.ID,
      created: s.created,
      lastActivity: s.lastActivity,
      accessType: "webService",
      RID: s.rID,
    });
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(payload),
      "set-cookie": `sID=${s.sID}; Path=/; Secure; HttpOnly`,
      "cache-control": "no-cache,no-store",
      "x-frame-options": "SAMEORIGIN",
    });
    res.end(payload);
  }

  function authenticate(req: EmulatorRequest): Principal {
    const secret = header(req, "api-secret-key");
    if (secret) {
      const key = store.findKeyBySecret(secret);
      if (!key) throw new ApiFailure(401, "Invalid API secret key.");
      if (!key.active) throw new ApiFailure(401, "The API key is locked out (denied permission to authenticate).");
      if (store.isExpired(key)) throw new ApiFailure(401, "The API key has expired.");
      key.lastSignIn = now();
      return { kind: "key", key };
    }
    const sID = /(?:^|;\s*)sID=([^;]+)/.exec(header(req, "cookie") ?? "")?.[1];
    if (!sID)
      throw new ApiFailure(
        401,
        "Authentication required: send an api-secret-key header, or a session's sID cookie and rID header.",
      );
    const session = store.sessions.get(sID);
    if (!session || session.lastActivity + SESSION_IDLE_MS <= now()) {
      store.sessions.delete(sID);
      throw new ApiFailure(401, "The session is invalid or has expired. Sign in again.");
    }
    const rID = header(req, "rid");
    if (!rID || !sameText(rID, session.rID))
      throw new ApiFailure(401, "The rID header is missing or does not match the session.");
    const admin = store.admins.get(session.administratorID);
    if (!admin) throw new ApiFailure(401, "The session's user no longer exists.");
    session.lastActivity = now();
    return { kind: "session", admin, session };
  }

  async function handler(req: EmulatorRequest, res: ServerResponse): Promise<void> {
    try {
      const segments = req.url.pathname.split("/").filter(Boolean);
      if (segments[0] !== "api") throw new ApiFailure(404, "Not found.");
      const version = header(req, "api-version");
      if (version !== TREND_API_VERSION) {
        throw new ApiFailure(
          400,
          version
            ? `Unsupported api-version: ${version}. Supported versions: ${TREND_API_VERSION}.`
            : `The api-version header is required (api-version: ${TREND_API_VERSION}).`,
        );
      }
      const body = readBody(req);
      if (segments.length === 2 && segments[1] === "sessions") {
        if (req.method !== "POST") throw new ApiFailure(405, "Method not allowed.");
        return signIn(body, res);
      }
      const principal = authenticate(req);
      throttle(principal.kind === "key" ? `key:${principal.key.ID}` : `user:${principal.admin.ID}`);
      const reply = routeApi(store, principal, req.method, segments.slice(1), body);
      if (reply.json === undefined) {
        res.writeHead(reply.status, { "content-length": 0 });
        return void res.end();
      }
      sendJson(res, reply.status, reply.json);
    } catch (err) {
      if (err instanceof ApiFailure) return sendJson(res, err.status, { message: err.message });
      throw err;
    }
  }

  const server = await startEmulator({
    name: "trend",
    handler,
    tls: opts.tls,
    port: opts.port,
    host: opts.host,
    // A manager behind a failing proxy: a JSON answer cut off mid-way.
    malformedBody: { contentType: "application/json", body: '{"apiKeys": [{"keyName": "trunc' },
    inspect: () => ({
      keys: store.keys.size,
      activeKeys: [...store.keys.values()].filter((k) => k.active && !store.isExpired(k)).length,
      roles: store.roles.size,
      sessions: store.sessions.size,
    }),
  });
  return {
    ...server,
    demoConnection: {
      name: "Trend Micro Server & Workload Protection (emulator)",
      settings: { authMode: "api-key" },
      secrets: { apiSecretKey: TREND_DEMO_ADMIN_SECRET },
      // Read Only and Auditor; never Full Access.
      memberScopes: ["2", "3"],
    },
  };
}
