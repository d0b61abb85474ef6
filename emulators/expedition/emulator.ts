import type { ServerResponse } from "node:http";
import {
  readParams,
  sendJson,
  startEmulator,
  type EmulatorRequest,
  type VendorEmulator,
  type VendorEmulatorOptions,
} from "../kit";
import { errorEnvelope, jobEnvelope, successEnvelope } from "./envelope";
import { createExpeditionState, type ExpeditionSnapshot, type SeedUser } from "./state";

/**
 * A stand-in for an Expedition 2.x server (vendor-protocols-panos-expedition.md §2).
 *
 * Seeded accounts (for the README):
 * | id | username | password             | can see                                                  |
 * |----|----------|----------------------|----------------------------------------------------------|
 * | 1  | admin    | paloalto             | projects 1 branch-asa-migration, 2 dc-cleanup; job 1619  |
 * | 2  | migrator | Migrate-Expedition-2 | project 1 branch-asa-migration                           |
 * `admin` / `paloalto` is Expedition's documented default; the demo connection uses it.
 *
 * Routes:
 * - POST /api/v1/generate_api_key and POST /api/v1/login (older docs): `username`, `password` as
 *   form-urlencoded, multipart/form-data or JSON, with or without an empty `X-CSRF-TOKEN` header.
 *   200 + the documented success envelope (128-character alphanumeric api_key, csrfToken, id).
 * - GET /api/v1/projects, GET /api/v1/job/status/<jobId> and GET /api/v1/job/<jobId>?complete=true
 *   (the polling path pan.dev's Expedition snippets use; the same job envelope):
 *   `Authorization: Bearer <api_key>`.
 *
 * INFERRED (no public source, §2.5 and §3), all with the inferred error envelope:
 * - 400 when `username` or `password` is missing or empty; 401 for a wrong user name or password;
 * - 401 for a missing, unknown or expired Bearer key; 404 for an unknown job or route; 405 for a
 *   wrong method; 400 for a body that cannot be parsed.
 * Keys live one month from issue and every login of the same user extends its live keys to one
 * month from that login (see state.ts). `now` makes the clock injectable for tests.
 */

export const EXPEDITION_SEED_USERS: SeedUser[] = [
  { id: 1, username: "admin", password: "paloalto" },
  { id: 2, username: "migrator", password: "Migrate-Expedition-2" },
];

export interface ExpeditionEmulatorOptions extends VendorEmulatorOptions {
  /** Milliseconds since the epoch; defaults to Date.now. */
  now?: () => number;
}

export interface ExpeditionEmulator extends VendorEmulator {
  /** Users, live key counts and fingerprints; also served at GET /__emulator/state. */
  inspect(): ExpeditionSnapshot;
}

const LOGIN_PATHS = new Set(["/api/v1/generate_api_key", "/api/v1/login"]);

function fail(res: ServerResponse, status: number, message: string, description: string): void {
  sendJson(res, status, errorEnvelope(status, message, description));
}

function bearerOf(req: EmulatorRequest): string | undefined {
  const header = req.headers.authorization;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(typeof header === "string" ? header : "");
  return match?.[1];
}

export async function startExpeditionEmulator(opts: ExpeditionEmulatorOptions): Promise<ExpeditionEmulator> {
  const state = createExpeditionState(EXPEDITION_SEED_USERS, opts.now ?? Date.now);

  async function handleLogin(req: EmulatorRequest, res: ServerResponse) {
    state.noteLoginAttempt();
    let params: Record<string, string>;
    try {
      params = await readParams(req);
    } catch {
      return fail(res, 400, "Invalid request body", "The body could not be parsed as form data or JSON.");
    }
    const missing = ["username", "password"].filter((f) => !params[f]);
    if (missing.length > 0) {
      return fail(res, 400, "Missing required parameters", `Required parameter(s) missing: ${missing.join(", ")}.`);
    }
    const result = state.login(params.username ?? "", params.password ?? "");
    if (!result.ok) return fail(res, 401, "Authentication failed", "Invalid username or password.");
    sendJson(
      res,
      200,
      successEnvelope(
        { api_key: result.apiKey, csrfToken: result.csrfToken, id: result.userId },
        { total: 3, message: "Authentication successful" },
      ),
    );
  }

  function authenticate(req: EmulatorRequest, res: ServerResponse): SeedUser | undefined {
    const key = bearerOf(req);
    if (!key) {
      fail(res, 401, "Unauthenticated", "An API key is required: send Authorization: Bearer <api_key>.");
      return undefined;
    }
    const auth = state.authenticate(key);
    if (auth.ok) return auth.user;
    if (auth.reason === "expired")
      fail(res, 401, "API key expired", "The API key has expired. Generate a new one with /api/v1/generate_api_key.");
    else fail(res, 401, "Invalid API key", "The API key is not valid.");
    return undefined;
  }

  async function handler(req: EmulatorRequest, res: ServerResponse) {
    const path = req.url.pathname.replace(/\/+$/, "") || "/";
    if (LOGIN_PATHS.has(path)) {
      if (req.method !== "POST") return fail(res, 405, "Method not allowed", `${path} accepts POST only.`);
      return handleLogin(req, res);
    }
    const jobMatch = /^\/api\/v1\/job\/(?:status\/)?(\d+)$/.exec(path);
    if (path !== "/api/v1/projects" && !jobMatch)
      return fail(res, 404, "Route not found", `No route for ${req.method} ${path}.`);
    if (req.method !== "GET") return fail(res, 405, "Method not allowed", `The emulator serves GET ${path} only.`);
    const user = authenticate(req, res);
    if (!user) return;
    if (jobMatch) {
      const job = state.jobOf(user.id, Number(jobMatch[1]));
      if (!job) return fail(res, 404, "Job not found", `There is no job ${jobMatch[1]} for this user.`);
      return sendJson(res, 200, jobEnvelope(job));
    }
    const projects = state.projectsOf(user.id);
    sendJson(res, 200, successEnvelope(projects, { total: projects.length }));
  }

  const running = await startEmulator({
    name: "expedition",
    handler,
    tls: opts.tls,
    port: opts.port,
    host: opts.host,
    // A truncated success answer, as a dying PHP worker would leave it.
    malformedBody: {
      contentType: "application/json",
      body: '{"Type":"success","success":true,"Contents-Format":"json","Contents":{"code":0,"succ',
    },
    inspect: () => state.snapshot(),
  });
  const admin = EXPEDITION_SEED_USERS[0]!;
  return {
    ...running,
    inspect: () => state.snapshot(),
    demoConnection: {
      name: "Expedition (demo)",
      settings: { username: admin.username },
      secrets: { password: admin.password },
    },
  };
}
