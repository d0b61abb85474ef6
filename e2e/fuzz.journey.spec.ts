import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { accountContext, createAccountByApi, ORIGIN, uniqueEmail, userIdOf } from "./support/accounts";
import { signIn } from "./support/helpers";
import { E2E } from "./support/server-config";
import type { RouteHandlerSettings } from "../test/support/route-settings";

/**
 * Hostile bodies against every JSON route of the BFF: thousands of generated bodies (fast-check),
 * sent by a signed-in admin with sudo — the caller who gets furthest into each handler — in a team
 * of its own, so nothing the fuzz manages to change touches the demo team the other journeys use.
 * Every answer must be a deliberate one (< 500), and afterwards the server log must hold no
 * password hash, e-mail address or credential: a handler that logged what it was sent fails here.
 */

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
const MIN_BODIES = 2000;
const QUERIES_PER_GET = 12;

// next-auth's own endpoints are not ours to fuzz (form posts guarded by its CSRF token).
const SKIPPED_ROUTES = new Set(["auth/[...nextauth]"]);

/** Field names the console's schemas use, so generated objects reach past "unknown field" into each check. */
const FIELD_NAMES = [
  "name",
  "email",
  "role",
  "password",
  "currentPassword",
  "newPassword",
  "vendor",
  "baseUrl",
  "tlsMode",
  "caPem",
  "fingerprint",
  "settings",
  "secrets",
  "connectionId",
  "scope",
  "securityLevel",
  "expiresAt",
  "expiry",
  "reason",
  "description",
  "graceHours",
  "grants",
  "teamRole",
  "defaultDays",
  "maxDays",
  "requiresApproval",
  "allowNever",
  "anyScope",
  "ownAccount",
  "ids",
  "keyIds",
  "fields",
  "requestId",
  "attemptId",
  "approvalMinutes",
  "confirm",
  "issuedBefore",
  "ownerless",
  "token",
  "id",
];

const leaf = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme-composite" }),
  fc.string({ unit: "binary" }),
  fc.emailAddress(),
  fc.uuid(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom("admin", "member", "auditor", "panos", "xsiam", "trend", "rancher", "expedition", "system", "ca"),
);
const value = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("v"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...FIELD_NAMES), tie("v"), { maxKeys: 4 }),
  ),
})).v;

/** A request body as sent on the wire: mostly JSON objects with the schemas' field names, sometimes anything at all. */
const body = fc.oneof(
  {
    arbitrary: fc.dictionary(fc.constantFrom(...FIELD_NAMES), value, { maxKeys: 8 }).map((o) => JSON.stringify(o)),
    weight: 6,
  },
  { arbitrary: fc.json({ maxDepth: 3 }), weight: 2 },
  { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)), weight: 1 },
  // Not JSON: truncated, binary, empty.
  { arbitrary: fc.string({ unit: "binary", maxLength: 200 }), weight: 1 },
  { arbitrary: fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1))), weight: 1 },
);

/** A dynamic path segment: a well-formed id that names nothing, or any text at all. */
const encodable = (s: string) => {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false; // a lone surrogate: no URL can carry it
  }
};
const segment = fc.oneof(
  fc.uuid(),
  fc.string({ minLength: 1, maxLength: 80 }),
  fc.string({ unit: "binary", minLength: 1 }).filter(encodable),
);

const QUERY_NAMES = [
  "q",
  "status",
  "vendor",
  "connectionId",
  "ownerId",
  "ownerless",
  "expiringWithinDays",
  "issuedBefore",
  "actor",
  "action",
  "targetType",
  "targetId",
  "outcome",
  "order",
  "from",
  "to",
  "before",
  "after",
  "cursor",
  "page",
  "pageSize",
  "format",
  "marker",
];
const query = fc.dictionary(
  fc.constantFrom(...QUERY_NAMES),
  fc.oneof(
    fc.string(),
    fc.integer().map(String),
    fc.uuid(),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  ),
  { maxKeys: 5 },
);

function routes(): RouteHandlerSettings[] {
  return JSON.parse(
    execFileSync(
      path.join(E2E.root, "node_modules", ".bin", "tsx"),
      ["--conditions=react-server", "test/support/route-settings.ts"],
      {
        cwd: E2E.root,
        encoding: "utf8",
      },
    ),
  ) as RouteHandlerSettings[];
}

function fillPath(route: string, pick: () => string): string {
  return `/api/${route
    .split("/")
    .map((part) => (part.startsWith("[") ? encodeURIComponent(pick()) : part))
    .join("/")}`;
}

interface Finding {
  call: string;
  status: number;
  answer: string;
}

test("thousands of generated bodies on every JSON route: no answer ≥ 500, and nothing sensitive in the log", async ({
  browser,
  page,
}) => {
  test.setTimeout(600_000);
  const seed = Number(process.env.KEYWARD_FUZZ_SEED ?? Date.now() % 2 ** 31);
  const email = uniqueEmail("fuzz");
  const password = `Fuzz-${randomUUID()}`;

  await signIn(page);
  const initial = await createAccountByApi(page, email, "admin");
  const { context, page: fuzzer } = await accountContext(browser, email, initial, password);
  const api: APIRequestContext = fuzzer.request;
  const created = await api.post("/api/teams", { headers: ORIGIN, data: { name: `Fuzz team ${seed}` } });
  expect(created.status(), await created.text()).toBe(201);
  const { team } = (await created.json()) as { team: { id: string } };
  expect((await api.post(`/api/teams/${team.id}/switch`, { headers: ORIGIN })).status()).toBeLessThan(300);
  // Out of the demo team again: a second admin there would let later journeys demote the "last" admin.
  const removed = await page.request.delete(`/api/team/members/${await userIdOf(page, email)}?keys=keep`, {
    headers: ORIGIN,
  });
  expect(removed.status(), await removed.text()).toBe(200);

  /** Some generated bodies are valid (sign out everywhere, a new team…): the fuzzer signs in again when its session ends. */
  async function keepSignedIn(): Promise<void> {
    if ((await api.get("/api/teams")).status() !== 401) return;
    await fuzzer.goto("/login");
    await fuzzer.getByLabel("Email").fill(email);
    await fuzzer.getByLabel("Password").fill(password);
    await fuzzer.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(fuzzer).not.toHaveURL(/\/login/);
    await api.post(`/api/teams/${team.id}/switch`, { headers: ORIGIN });
  }

  await keepSignedIn(); // the removal ended the fuzzer's sessions
  const all = routes().filter((r) => !SKIPPED_ROUTES.has(r.route));
  const withBody = all.filter((r) => BODY_METHODS.has(r.method));
  const gets = all.filter((r) => r.method === "GET" || r.method === "DELETE");
  expect(withBody.length).toBeGreaterThan(30);
  const perRoute = Math.ceil(MIN_BODIES / withBody.length);
  const logStart = statSync(E2E.logFile).size;

  const findings: Finding[] = [];
  let sent = 0;
  let rng = seed;
  const next = () => (rng = (rng + 1) % 2 ** 31);
  for (const r of withBody) {
    const bodies = fc.sample(body, { numRuns: perRoute, seed: next() });
    const ids = fc.sample(segment, { numRuns: perRoute, seed: next() });
    for (let i = 0; i < bodies.length; i++) {
      const url = fillPath(r.route, () => ids[i]!);
      const contentType = i % 7 === 6 ? "text/plain" : "application/json";
      const res = await api.fetch(url, {
        method: r.method,
        headers: { ...ORIGIN, "content-type": contentType },
        data: bodies[i]!,
        failOnStatusCode: false,
      });
      sent++;
      if (res.status() >= 500)
        findings.push({
          call: `${r.method} ${url} ${JSON.stringify(bodies[i]).slice(0, 300)}`,
          status: res.status(),
          answer: (await res.text()).slice(0, 200),
        });
    }
    await keepSignedIn();
  }
  for (const r of gets) {
    const queries = fc.sample(query, { numRuns: QUERIES_PER_GET, seed: next() });
    const ids = fc.sample(segment, { numRuns: QUERIES_PER_GET, seed: next() });
    for (let i = 0; i < queries.length; i++) {
      const url = `${fillPath(r.route, () => ids[i]!)}?${new URLSearchParams(queries[i]!).toString()}`;
      const res = await api.fetch(url, { method: r.method, headers: ORIGIN, failOnStatusCode: false });
      if (res.status() >= 500)
        findings.push({ call: `${r.method} ${url}`, status: res.status(), answer: (await res.text()).slice(0, 200) });
    }
    await keepSignedIn();
  }
  expect(sent).toBeGreaterThanOrEqual(MIN_BODIES);
  expect(findings, `seed ${seed} (KEYWARD_FUZZ_SEED=${seed} replays it)`).toEqual([]);

  // What the server wrote while it was being fuzzed.
  const cookies = (await context.cookies()).map((c) => c.value).filter((v) => v.length >= 16);
  await context.close();
  const log = readFileSync(E2E.logFile, "utf8").slice(logStart);
  const leaks: string[] = [];
  if (/\$argon2(id|i|d)\$/.test(log)) leaks.push("a password hash");
  const emails = log.match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g);
  if (emails) leaks.push(`e-mail addresses: ${[...new Set(emails)].slice(0, 5).join(", ")}`);
  for (const [what, secret] of [
    ["the fuzz account's password", password],
    ["its one-time password", initial],
    ["the admin's password", E2E.adminPassword],
    ...cookies.map((c, i) => [`cookie #${i}`, c] as const),
  ] as const)
    if (log.includes(secret)) leaks.push(what);
  expect(leaks, `the server log during the fuzz (${log.length} characters)`).toEqual([]);
});
