import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import {
  PERMISSIONS,
  needsSudo,
  type AccountPermission,
  type Permission,
  type TeamRole,
} from "../lib/auth/permissions";
import type { BrowserContext, APIRequestContext, Browser, Page } from "@playwright/test";
import { rememberSecret, signIn } from "./support/helpers";
import {
  accountContext,
  createAccountByApi,
  ORIGIN,
  signInAs,
  uniqueEmail,
  userIdOf,
  warmUp,
} from "./support/accounts";
import { E2E } from "./support/server-config";
import type { RouteHandlerSettings } from "../test/support/route-settings";

/**
 * Every BFF route × every caller → the status the permission table implies, each team role
 * both with and without a recent re-authentication (the table's sudo column). Routes and the
 * settings endpoint() attached to each handler are read from the route modules themselves, so a
 * new route is covered (or fails here) without anyone remembering to add it.
 */

// Handlers that do not go through endpoint(), and why.
const EXEMPT: Record<string, string> = {
  "auth/[...nextauth]":
    "next-auth's own sign-in, sign-out, CSRF and session endpoints: public by design, guarded by next-auth itself",
};

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

type Guard =
  | { kind: "team"; permission: Permission }
  | { kind: "open"; access: "signed-in" | "public"; permission?: AccountPermission };
interface Endpoint {
  route: string;
  method: Method;
  guard: Guard;
}

/** Every handler and the settings endpoint() attached to it, read from the route modules (test/support/route-settings.ts). */
function endpoints(): { found: Endpoint[]; exempt: string[] } {
  const handlers = JSON.parse(
    execFileSync(
      path.join(E2E.root, "node_modules", ".bin", "tsx"),
      ["--conditions=react-server", "test/support/route-settings.ts"],
      {
        cwd: E2E.root,
        encoding: "utf8",
      },
    ),
  ) as RouteHandlerSettings[];
  const found: Endpoint[] = [];
  const exempt = new Set<string>();
  for (const { route, method, settings } of handlers) {
    if (EXEMPT[route]) {
      exempt.add(route);
      continue;
    }
    expect(settings, `${route} ${method}: every handler goes through endpoint({ access, … })`).not.toBeNull();
    expect(["GET", "POST", "PUT", "PATCH", "DELETE"], `${route} exports ${method}`).toContain(method);
    if (settings!.access === "team") {
      const permission = settings!.permission;
      expect(
        permission !== undefined && permission in PERMISSIONS,
        `${route} ${method}: permission "${permission}" is not in lib/auth/permissions.ts`,
      ).toBe(true);
      expect(
        settings!.options,
        `${route} ${method}: sudo is the permission table's column, not a route option`,
      ).not.toContain("sudo");
      found.push({ route, method: method as Method, guard: { kind: "team", permission: permission as Permission } });
    } else {
      expect(["signed-in", "public"], `${route} ${method}: access must be team, signed-in or public`).toContain(
        settings!.access,
      );
      found.push({
        route,
        method: method as Method,
        guard: {
          kind: "open",
          access: settings!.access as "signed-in" | "public",
          permission: settings!.permission as AccountPermission | undefined,
        },
      });
    }
  }
  return { found, exempt: [...exempt] };
}

type CallerName = "no session" | TeamRole | "other team" | "member, no sudo" | "auditor, no sudo" | "admin, no sudo";
// The admin comes last: its allowed calls change things (revoke a key, remove a member).
const ORDER: CallerName[] = [
  "no session",
  "member, no sudo",
  "member",
  "auditor, no sudo",
  "auditor",
  "other team",
  "admin, no sudo",
  "admin",
];
const WITHOUT_SUDO: Partial<Record<CallerName, TeamRole>> = {
  "member, no sudo": "member",
  "auditor, no sudo": "auditor",
  "admin, no sudo": "admin",
};

/** Real resources of the admin's team for each dynamic segment; `team` says whether it belongs to that team (another team's user then gets 404). */
interface Filler {
  value: string;
  team: boolean;
}

function fillPath(routePath: string, fillers: Record<string, Filler>): { url: string; teamResource: boolean } {
  let teamResource = false;
  const parts = routePath.split("/");
  const filled = parts.map((part, i) => {
    if (!part.startsWith("[")) return part;
    const key = parts.slice(0, i + 1).join("/");
    const filler = fillers[key];
    if (!filler)
      throw new Error(
        `No test resource for the dynamic segment "${key}": add one to the fillers in e2e/permission-matrix.journey.spec.ts`,
      );
    teamResource ||= filler.team;
    return encodeURIComponent(filler.value);
  });
  return { url: `/api/${filled.join("/")}`, teamResource };
}

/** What the table says this caller gets: an exact status, or "anything but 401 and 403". */
/**
 * Routes that, beyond the permission table, act only for the resource's owner: a request is
 * issued or cancelled by its requester alone (the matrix's request belongs to the member).
 */
const OWNER_ONLY: Record<string, CallerName> = {
  "requests/[id]/issue": "member",
  "requests/[id]/cancel": "member",
};

type Expected = number | "allowed" | "sudo_required";

function expected(endpoint: Endpoint, caller: CallerName, teamResource: boolean): Expected {
  const { guard } = endpoint;
  if (caller === "no session") return guard.kind === "open" && guard.access === "public" ? "allowed" : 401;
  const noSudo = WITHOUT_SUDO[caller];
  const role: TeamRole = noSudo ?? (caller === "other team" ? "admin" : (caller as TeamRole));
  if (guard.kind === "team" && !(PERMISSIONS[guard.permission].roles as readonly TeamRole[]).includes(role)) return 403;
  // The wrapper asks for sudo before it looks at the resource or its owner.
  if (noSudo && guard.kind === "team" && PERMISSIONS[guard.permission].sudo) return "sudo_required";
  // One's own account: the account table's sudo column (adding or removing a sign-in factor).
  if (noSudo && guard.kind === "open" && guard.permission && needsSudo(guard.permission)) return "sudo_required";
  if (caller === "other team" && teamResource) return 404;
  const owner = OWNER_ONLY[endpoint.route];
  if (owner && role !== owner) return 403;
  return "allowed";
}

function meets(want: Expected, got: { status: number; body: string }): boolean {
  if (want === "allowed") return got.status !== 401 && got.status !== 403;
  if (want === "sudo_required") return got.status === 403 && got.body.includes('"sudo_required"');
  return got.status === want;
}

/** The same signed-in browser with the sudo window closed, as it is ten minutes after signing in. */
async function withoutSudo(browser: Browser, context: BrowserContext): Promise<APIRequestContext> {
  const state = await context.storageState();
  const cookies = state.cookies.filter((c) => c.name !== "keyward-sudo");
  expect(cookies.length, "the signed-in context holds its session cookie").toBeLessThan(state.cookies.length);
  const bare = await browser.newContext({ baseURL: E2E.url, storageState: { cookies, origins: [] } });
  return bare.request;
}

/**
 * Bodies that pass a handler's zod check, for routes that check the body before loading the
 * resource: without one, another team's user would meet 422 before the 404 this test wants to
 * see. Each is harmless when the admin sends it (no change, or refused further on).
 */
const VALID_BODIES: Record<string, unknown> = {
  "PUT connections/[id]": { vendor: "no-such-vendor", name: "matrix", baseUrl: "not a url", tlsMode: "system" },
  "PATCH team/members/[userId]": { role: "member" },
  // A lifetime no vendor allows: the admin meets the policy's own 422 and the grants stay as they are.
  "PUT connections/[id]/grants": {
    grants: [{ teamRole: "member", defaultDays: 100000, maxDays: 100000, requiresApproval: true }],
  },
  "POST keys/[id]/rotate": { graceHours: 24 },
  "PATCH keys/[id]": { description: "permission matrix" },
  "POST requests/[id]/deny": { reason: "permission matrix" },
};

async function call(
  api: APIRequestContext,
  endpoint: Endpoint,
  url: string,
): Promise<{ status: number; body: string }> {
  const { method } = endpoint;
  const data = VALID_BODIES[`${method} ${endpoint.route}`] ?? {};
  const res = await api.fetch(url, {
    method,
    headers: ORIGIN,
    ...(method === "GET" || method === "DELETE" ? {} : { data }),
  });
  return { status: res.status(), body: (await res.text()).slice(0, 300) };
}

async function firstId(
  page: Page,
  url: string,
  list: string,
  pick: (row: Record<string, string>) => boolean = () => true,
): Promise<string | undefined> {
  const body = (await (await page.request.get(url)).json()) as Record<string, Array<Record<string, string>>>;
  return body[list]?.find(pick)?.id;
}

async function keyOfAdminTeam(admin: Page): Promise<string> {
  const existing = await firstId(admin, "/api/keys", "keys");
  if (existing) return existing;
  // Expedition keys need no scope or expiry: the simplest real key to mint.
  const connectionId = await firstId(admin, "/api/connections", "connections", (c) => c.vendor === "expedition");
  const res = await admin.request.post("/api/keys", {
    headers: ORIGIN,
    data: { connectionId, name: "matrix key", reason: "permission matrix" },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { key, secret } = (await res.json()) as { key: { id: string }; secret: string };
  rememberSecret(secret);
  return key.id;
}

/** A pending request of the member's on the Expedition connection (members need approval there). */
async function memberRequest(admin: Page, member: Page): Promise<string> {
  const connectionId = await firstId(admin, "/api/connections", "connections", (c) => c.vendor === "expedition");
  const res = await member.request.post("/api/requests", {
    headers: ORIGIN,
    data: { connectionId, name: "matrix request", scope: [], fields: {}, reason: "permission matrix" },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { request: { id: string } }).request.id;
}

/** A webhook endpoint of the admin's team, at an address that never answers (its test fails fast). */
async function webhookOfAdminTeam(admin: Page): Promise<string> {
  const res = await admin.request.post("/api/webhooks", {
    headers: ORIGIN,
    data: { name: "matrix hook", url: "https://hooks.invalid/keyward", events: ["key.expiring"] },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { webhook, secret } = (await res.json()) as { webhook: { id: string }; secret: string };
  rememberSecret(secret);
  return webhook.id;
}

/** An audit stream of the admin's team, to a receiver that does not exist. */
async function auditStreamOfAdminTeam(admin: Page): Promise<string> {
  const res = await admin.request.post("/api/audit-streams", {
    headers: ORIGIN,
    data: { name: "matrix stream", host: "siem.invalid", port: 6514 },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { stream: { id: string } }).stream.id;
}

async function inviteToken(admin: Page): Promise<{ id: string; token: string }> {
  const res = await admin.request.post("/api/team/invites", { headers: ORIGIN, data: { role: "member", days: 1 } });
  expect(res.status(), await res.text()).toBe(201);
  const { invite } = (await res.json()) as { invite: { id: string; token: string } };
  rememberSecret(invite.token);
  return invite;
}

const OUTSIDER_PASSWORD = "outsider-password-1";

async function otherTeamUser(browser: Browser, admin: Page): Promise<{ page: Page; email: string }> {
  // Made through the feature itself: an account of the admin's team starts its own team, then leaves the first.
  const email = uniqueEmail("outsider");
  const initial = await createAccountByApi(admin, email, "member");
  const { page } = await accountContext(browser, email, initial, OUTSIDER_PASSWORD);
  const created = await page.request.post("/api/teams", { headers: ORIGIN, data: { name: "Outsiders" } });
  expect(created.status()).toBe(201);
  const { team } = (await created.json()) as { team: { id: string } };
  expect((await page.request.post(`/api/teams/${team.id}/switch`, { headers: ORIGIN })).status()).toBe(201);
  expect(
    (await admin.request.delete(`/api/team/members/${await userIdOf(admin, email)}`, { headers: ORIGIN })).status(),
  ).toBe(200);
  // The removal ended their sessions: they sign in again (which confirms sudo too).
  expect((await page.request.get("/api/teams")).status()).toBe(401);
  await signInAs(page, email, OUTSIDER_PASSWORD);
  const { teams } = (await (await page.request.get("/api/teams")).json()) as { teams: Array<{ id: string }> };
  expect(teams.map((t) => t.id)).toEqual([team.id]);
  return { page, email };
}

/**
 * Routes that end the caller's own sessions ("Sign out everywhere"): called last, each caller
 * with a session of its own made for the call, so the shared sessions of the other rows survive.
 */
const ENDS_CALLERS_SESSIONS = new Set(["DELETE account/sessions"]);
const endsCallersSessions = (e: Endpoint) => ENDS_CALLERS_SESSIONS.has(`${e.method} ${e.route}`);

test("every BFF route answers every kind of caller as the permission table says", async ({
  page,
  browser,
  playwright,
}) => {
  test.setTimeout(240_000);
  const { found, exempt } = endpoints();
  expect(exempt).toEqual(Object.keys(EXEMPT));
  expect(found.length).toBeGreaterThan(10);

  await warmUp(page);
  await signIn(page);
  const memberEmail = uniqueEmail("matrix-member");
  const auditorEmail = uniqueEmail("matrix-auditor");
  const spareEmail = uniqueEmail("matrix-spare");
  const member = await accountContext(
    browser,
    memberEmail,
    await createAccountByApi(page, memberEmail, "member"),
    "matrix-member-pass-1",
  );
  const auditor = await accountContext(
    browser,
    auditorEmail,
    await createAccountByApi(page, auditorEmail, "auditor"),
    "matrix-auditor-pass-1",
  );
  await createAccountByApi(page, spareEmail, "member");
  const other = await otherTeamUser(browser, page);

  const revoked = await inviteToken(page);
  expect((await page.request.delete(`/api/team/invites/${revoked.id}`, { headers: ORIGIN })).status()).toBe(200);
  const pending = await inviteToken(page);
  const { current: adminTeam } = (await (await page.request.get("/api/teams")).json()) as { current: string };
  const fillers: Record<string, Filler> = {
    "connections/[id]": { value: (await firstId(page, "/api/connections", "connections"))!, team: true },
    "keys/[id]": { value: await keyOfAdminTeam(page), team: true },
    "team/members/[userId]": { value: await userIdOf(page, spareEmail), team: true },
    "team/invites/[id]": { value: pending.id, team: true },
    "teams/[id]": { value: adminTeam, team: true },
    "requests/[id]": { value: await memberRequest(page, member.page), team: true },
    "webhooks/[id]": { value: await webhookOfAdminTeam(page), team: true },
    "audit-streams/[id]": { value: await auditStreamOfAdminTeam(page), team: true },
    // No unmanaged key exists in this console: a well-formed unknown id still shows that the
    // permission is checked before the lookup (403), and that an allowed caller meets 404.
    "unmanaged/[id]": { value: "00000000-0000-4000-8000-000000000000", team: true },
    // A revoked link: every caller meets the same 410, and nobody joins anything.
    "invites/[token]": { value: revoked.token, team: false },
    // Nobody's passkey: each signed-in caller meets 404 (their own passkeys only) once past sudo.
    "account/passkeys/[id]": { value: "00000000-0000-4000-8000-000000000000", team: false },
    // Nobody's session: an allowed caller meets 404, and no session ends.
    "account/sessions/[id]": { value: "00000000-0000-4000-8000-000000000000", team: false },
  };

  const anonymous = await playwright.request.newContext({ baseURL: E2E.url });
  const callers: Record<CallerName, APIRequestContext> = {
    "no session": anonymous,
    member: member.page.request,
    auditor: auditor.page.request,
    "other team": other.page.request,
    admin: page.request,
    "member, no sudo": await withoutSudo(browser, member.context),
    "auditor, no sudo": await withoutSudo(browser, auditor.context),
    "admin, no sudo": await withoutSudo(browser, page.context()),
  };

  const logins: Record<Exclude<CallerName, "no session">, { email: string; password: string }> = {
    member: { email: memberEmail, password: "matrix-member-pass-1" },
    "member, no sudo": { email: memberEmail, password: "matrix-member-pass-1" },
    auditor: { email: auditorEmail, password: "matrix-auditor-pass-1" },
    "auditor, no sudo": { email: auditorEmail, password: "matrix-auditor-pass-1" },
    "other team": { email: other.email, password: OUTSIDER_PASSWORD },
    admin: { email: E2E.adminEmail, password: E2E.adminPassword },
    "admin, no sudo": { email: E2E.adminEmail, password: E2E.adminPassword },
  };
  const throwaways: BrowserContext[] = [];
  /** A session of the caller's own, for one call that ends it. */
  async function throwaway(name: CallerName): Promise<APIRequestContext> {
    if (name === "no session") return anonymous;
    const context = await browser.newContext({ baseURL: E2E.url });
    throwaways.push(context);
    await signInAs(await context.newPage(), logins[name].email, logins[name].password);
    if (WITHOUT_SUDO[name]) await context.clearCookies({ name: "keyward-sudo" });
    return context.request;
  }

  const failures: string[] = [];
  const rows: string[] = [];
  for (const endpoint of [...found.filter((e) => !endsCallersSessions(e)), ...found.filter(endsCallersSessions)]) {
    const { url, teamResource } = fillPath(endpoint.route, fillers);
    const cells: string[] = [];
    for (const name of ORDER) {
      const want = expected(endpoint, name, teamResource);
      const got = await call(endsCallersSessions(endpoint) ? await throwaway(name) : callers[name], endpoint, url);
      cells.push(`${name}=${got.status}`);
      if (!meets(want, got))
        failures.push(`${endpoint.method} ${url} as ${name}: expected ${want}, got ${got.status} ${got.body}`);
    }
    const { guard } = endpoint;
    rows.push(
      `${endpoint.method.padEnd(6)} /api/${endpoint.route} [${guard.kind === "team" ? `${guard.permission}${PERMISSIONS[guard.permission].sudo ? ", sudo" : ""}` : `${guard.access}${guard.permission && needsSudo(guard.permission) ? ", sudo" : ""}`}]: ${cells.join(" ")}`,
    );
  }
  console.log(`Permission matrix (${found.length} handlers; exempt: ${exempt.join(", ")})\n${rows.join("\n")}`);
  expect(failures).toEqual([]);

  await anonymous.dispose();
  await member.context.close();
  await auditor.context.close();
  await other.page.context().close();
  for (const context of throwaways) await context.close();
});
