import { createHash } from "node:crypto";
import { addMonths } from "date-fns";
import { VendorError } from "../errors";
import { vendorRequest, type VendorResponse } from "../http";
import type {
  ConnectionTestHooks,
  ConnectionTestResult,
  MintRequest,
  MintResult,
  VendorAdapter,
  VendorConnection,
} from "../types";
import { EXPEDITION_KEY_LIFETIME_MONTHS, expeditionCapabilities, validateExpeditionMintRequest } from "./capabilities";
import { keyMissing, loginFailure, loginRouteMissing, readFailure, unreadable } from "./failures";
import { expeditionUsageSnippets } from "./usage";
import { interpretAuthenticatedRead, interpretGenerateKey, type IssuedApiKey } from "./wire";

/**
 * Expedition 2.x: the API key of the connection's Expedition user (vendor-protocols-panos-expedition.md §2).
 * One call mints: POST /api/v1/generate_api_key with username and password (older releases call
 * the same route /api/v1/login). Keys are then used as `Authorization: Bearer <key>`.
 * Expedition documents no way to list or revoke keys, so the adapter has no lifecycle verbs.
 */

const EXPEDITION_GENERATE_PATH = "/api/v1/generate_api_key";
const EXPEDITION_LEGACY_LOGIN_PATH = "/api/v1/login";
const EXPEDITION_PROJECTS_PATH = "/api/v1/projects";

interface ExpeditionCredentials {
  username: string;
  password: string;
}

interface LoggedIn extends IssuedApiKey {
  loginPath: string;
}

function credentialsOf(conn: VendorConnection): ExpeditionCredentials {
  const username = (conn.settings.username ?? "").trim();
  const password = conn.secrets.password ?? "";
  // Refused here, before any call: Expedition answers a missing field with an error, and an empty
  // password must never be sent to a real server as if it were a credential.
  if (!username || !password) {
    const missing = !username && !password ? "user name and password" : !username ? "user name" : "password";
    throw new VendorError(
      "vendor_auth",
      `The connection has no Expedition ${missing}. Edit the connection and enter the credentials of the Expedition user whose keys the console should issue.`,
    );
  }
  return { username, password };
}

async function postLogin(conn: VendorConnection, path: string, creds: ExpeditionCredentials): Promise<VendorResponse> {
  return vendorRequest(conn, {
    method: "POST",
    path,
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    // Form-urlencoded, as the vendor's Python `requests.post(data=credentials)` sends it.
    body: new URLSearchParams({ username: creds.username, password: creds.password }).toString(),
  });
}

/**
 * Logs the connection's user in, which is how Expedition issues a key. Note: every login extends
 * the lifetime of that user's keys by one month from now (§2.4) — connection tests included.
 */
async function logIn(conn: VendorConnection): Promise<LoggedIn> {
  const creds = credentialsOf(conn);
  let loginPath = EXPEDITION_GENERATE_PATH;
  let res = await postLogin(conn, loginPath, creds);
  if (res.status === 404) {
    // Releases documented by the older guides only have /api/v1/login (EXP-INTRO-OLD, EXP-WF).
    loginPath = EXPEDITION_LEGACY_LOGIN_PATH;
    res = await postLogin(conn, loginPath, creds);
    if (res.status === 404) throw loginRouteMissing(res);
  }
  const outcome = interpretGenerateKey(res.body);
  const secrets = [creds.password, outcome.kind === "issued" ? outcome.key.apiKey : undefined];
  if (outcome.kind === "issued") {
    // A 4xx/5xx carrying a key would be odd; the key is the proof, so it wins.
    return { ...outcome.key, loginPath };
  }
  if (outcome.kind === "unreadable") {
    if (res.status === 401 || res.status === 403) throw loginFailure(res, creds.username, undefined, secrets);
    throw unreadable(res, `POST ${loginPath}`);
  }
  if (outcome.saidSuccess && res.status < 300) throw keyMissing(res);
  throw loginFailure(res, creds.username, outcome.vendorMessage, secrets);
}

async function getProjects(conn: VendorConnection, apiKey: string): Promise<VendorResponse> {
  return vendorRequest(conn, {
    method: "GET",
    path: EXPEDITION_PROJECTS_PATH,
    headers: { authorization: `Bearer ${apiKey}`, accept: "application/json" },
  });
}

/** First 12 hex characters of the key's SHA-256: recognises the key without storing it. */
export function expeditionKeyFingerprint(apiKey: string): string {
  return createHash("sha256").update(apiKey).digest("hex").slice(0, 12);
}

async function testConnection(conn: VendorConnection, hooks?: ConnectionTestHooks): Promise<ConnectionTestResult> {
  const login = await logIn(conn);
  // The login just minted (or renewed) the user's key: reported before the read below can fail.
  const fingerprint = expeditionKeyFingerprint(login.apiKey);
  hooks?.onKeyCreated?.({
    vendorKeyId: `user:${login.userId ?? "unknown"}:${fingerprint}`,
    fingerprint,
    expiresAt: addMonths(new Date(), EXPEDITION_KEY_LIFETIME_MONTHS),
  });
  const res = await getProjects(conn, login.apiKey);
  const read = interpretAuthenticatedRead(res.body);
  const username = conn.settings.username?.trim() ?? "";
  const secrets = [conn.secrets.password, login.apiKey];
  if (read.kind === "unreadable") {
    if (res.status === 401 || res.status === 403)
      throw readFailure(res, `GET ${EXPEDITION_PROJECTS_PATH}`, username, undefined, secrets);
    throw unreadable(res, `GET ${EXPEDITION_PROJECTS_PATH}`);
  }
  if (read.kind === "refused" || res.status >= 300) {
    throw readFailure(
      res,
      `GET ${EXPEDITION_PROJECTS_PATH}`,
      username,
      read.kind === "refused" ? read.vendorMessage : undefined,
      secrets,
    );
  }
  const facts = [
    { label: "Expedition user", value: username },
    { label: "User id", value: login.userId ?? "not reported" },
    { label: "Projects visible to the user", value: read.items ? String(read.items.length) : "not reported" },
    { label: "Login route", value: login.loginPath },
    { label: "Key this test's login created", value: `fingerprint ${fingerprint} (recorded as a connection key)` },
    {
      label: "Key lifetime",
      value:
        "1 month past this user's last login; this test was a login, so every key of this user now lives a month from now",
    },
  ];
  return { facts };
}

async function mint(conn: VendorConnection, request: MintRequest): Promise<MintResult> {
  validateExpeditionMintRequest(request);
  const issuedAt = new Date();
  const login = await logIn(conn);
  const userId = login.userId ?? "unknown";
  return {
    vendorKeyId: `user:${userId}:${expeditionKeyFingerprint(login.apiKey)}`,
    secret: login.apiKey,
    expiresAt: addMonths(issuedAt, EXPEDITION_KEY_LIFETIME_MONTHS),
    meta: { username: conn.settings.username?.trim() ?? "", userId, loginPath: login.loginPath },
    usage: expeditionUsageSnippets(conn.baseUrl, login.apiKey),
  };
}

/** True when Expedition accepts the key on a read-only call; false when it refuses it. */
async function verifyKey(conn: VendorConnection, key: { secret: string }): Promise<boolean> {
  const res = await getProjects(conn, key.secret);
  const read = interpretAuthenticatedRead(res.body);
  if (read.kind === "ok" && res.status < 300) return true;
  if (read.kind === "refused" || res.status === 401 || res.status === 403) return false;
  throw unreadable(res, `GET ${EXPEDITION_PROJECTS_PATH}`);
}

export const expeditionAdapter: VendorAdapter = {
  capabilities: expeditionCapabilities,
  testConnection,
  // Scope kind "none": a key has exactly the rights of the connection's user.
  listRoles: async () => [],
  mint,
  verifyKey,
};
