/**
 * `npm run bench:mint`: what the BFF adds to issuing a key, measured from outside. For each
 * database engine (PGlite, then PostgreSQL on a fresh database) it starts a real console the way
 * `npm start` does (`scripts/start.ts`: the built app, its emulators, a seeded demo team), signs
 * in over HTTP as a browser would and from then on talks to it over HTTP only. Per vendor it
 * interleaves four samples per round: a direct issue through `POST /api/keys`, the same mint
 * called directly with the vendor's adapter against the same emulator (the baseline), a request
 * that only answers 401 (the floor: Next.js routing and HTTP, no session, no database) and a
 * signed-in request refused for its body (session and caller read, nothing else).
 * On PostgreSQL it then starts one more console behind a TCP proxy that counts database round
 * trips on the wire, and counts them per request.
 * Writes the "mint" section of bench/results.json and prints a summary. A benchmark, not a
 * test: a missed target is reported, never a failure.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startAllEmulators } from "@/emulators/all";
import { ensureDemoTls } from "@/lib/tls/demo-ca";
import { adapterFor } from "@/lib/vendors/registry";
import type { MintRequest, VendorAdapter, VendorConnection } from "@/lib/vendors/types";
import { buildIfNeeded } from "./build-if-needed";
import { startRoundTripProxy, type RoundTripProxy } from "./bench-pg-proxy";
import { commitInfo, loadAvgNow, machineInfo, onServer, writeResultsSection } from "./bench-server";

const root = path.resolve(__dirname, "..");
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const PORT = num("KEYWARD_BENCH_PORT", 3310);
const EMULATOR_BASE_PORT = num("KEYWARD_BENCH_EMULATOR_BASE_PORT", 9741);
const WARMUP = num("KEYWARD_BENCH_WARMUP", 20);
const SAMPLES = num("KEYWARD_BENCH_SAMPLES", 300);
/** Vendors whose mint takes longer than this get fewer rounds: PAN-OS waits for a commit job, Rancher polls until its token settles. */
const SLOW_MINT_MS = 100;
const SLOW_WARMUP = num("KEYWARD_BENCH_SLOW_WARMUP", 5);
const SLOW_SAMPLES = num("KEYWARD_BENCH_SLOW_SAMPLES", 40);
const ROUND_TRIP_SAMPLES = num("KEYWARD_BENCH_ROUND_TRIP_SAMPLES", 100);
// Trend Micro is left out by default: its manager (and so its emulator) allows 500 API calls a
// minute per key, and the bench's back-to-back mints exceed that (HTTP 429). Name it to include it
// with fewer samples (KEYWARD_BENCH_SAMPLES=100).
const VENDORS = (process.env.KEYWARD_BENCH_VENDORS || "expedition,xsiam,rancher,panos").split(",").map((v) => v.trim());
const ENGINES = (process.env.KEYWARD_BENCH_ENGINES || "pglite,postgres")
  .split(",")
  .map((v) => v.trim())
  .filter((v): v is Engine => {
    if (v === "pglite" || v === "postgres") return true;
    throw new Error(`KEYWARD_BENCH_ENGINES: "${v}" is neither pglite nor postgres`);
  });
/** The PostgreSQL server the bench makes its databases on (each run's own, dropped at the end). */
const PG_SERVER =
  process.env.KEYWARD_BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const URL_ = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: "bench@keyward.local", password: `bench-${randomBytes(9).toString("base64url")}` };
/** The issue's targets for a direct issue on PostgreSQL, measured at a load average below 1. */
const TARGET = { roundTripsPerIssue: 6, addedP50Ms: 10, addedP99Ms: 25, engine: "postgres", maxLoadAvg: 1 } as const;

type Engine = "pglite" | "postgres";
type Path = "bff" | "direct" | "floor" | "session";
/** Each round starts one path later, so every path goes first, second… equally often. */
const PATHS: Path[] = ["bff", "direct", "floor", "session"];

const round = (n: number) => Math.round(n * 100) / 100;
const ms = (t0: number) => performance.now() - t0;

/** Nearest-rank percentile. */
function pct(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
const summary = (s: number[]) => ({
  n: s.length,
  p50: round(pct(s, 50)),
  p95: round(pct(s, 95)),
  p99: round(pct(s, 99)),
  mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
});
type Summary = ReturnType<typeof summary>;

// ---------------------------------------------------------------------------------------------
// The console, as a browser and a script see it

interface RunningConsole {
  child: ChildProcess;
  logFile: string;
  startSeconds: number;
  stop(): Promise<void>;
}

/** `scripts/start.ts` on its own data directory (and database, when given), as `npm start` and the browser tests run it. */
async function startConsole(tmp: string, label: string, databaseUrl: string | undefined): Promise<RunningConsole> {
  const dataDir = path.join(tmp, `data-${label}`);
  const logFile = path.join(tmp, `console-${label}.log`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KEYWARD_DATA_DIR: dataDir,
    PORT: String(PORT),
    KEYWARD_EMULATOR_BASE_PORT: String(EMULATOR_BASE_PORT),
    KEYWARD_ADMIN_EMAIL: ADMIN.email,
    KEYWARD_ADMIN_PASSWORD: ADMIN.password,
    // The demo's PAN-OS commits take 10–30 s like a real firewall's; the bench measures what the
    // BFF adds around the same vendor work, so it keeps the emulator's short commits (as the tests do).
    KEYWARD_EMULATOR_PANOS_COMMIT_MS: "100-300",
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  delete env.KEYWARD_SECRET;
  delete env.KEYWARD_URL;
  // Optional: a V8 CPU profile of the Next.js server (written when it stops), to see where BFF time goes.
  if (process.env.KEYWARD_BENCH_CPU_PROFILE_DIR) {
    const preload = profilerPreload(
      path.join(tmp, `cpu-profile-${label}.cjs`),
      path.resolve(process.env.KEYWARD_BENCH_CPU_PROFILE_DIR, label),
    );
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --require=${preload}`.trim();
  }
  const t0 = performance.now();
  const log = openSync(logFile, "w");
  const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
  const child = spawn(process.execPath, [tsx, "--conditions=react-server", path.join(root, "scripts", "start.ts")], {
    cwd: root,
    env,
    stdio: ["ignore", log, log],
  });
  let exited = false;
  child.on("exit", () => (exited = true));
  const stop = async () => {
    if (exited) return;
    const gone = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await gone;
  };
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`The console exited during start; see ${logFile}`);
    if (
      await fetch(`${URL_}/login`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, logFile, startSeconds: round(ms(t0) / 1000), stop };
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new Error(`The console did not answer at ${URL_} within 300 s; see ${logFile}`);
}

/** NODE_OPTIONS refuses --cpu-prof, so a preload starts the inspector's profiler in the `next start` process only. */
function profilerPreload(file: string, outDir: string): string {
  const out = JSON.stringify(outDir);
  writeFileSync(
    file,
    `if (process.argv.some((a) => a.includes("next/dist/bin/next"))) {
  const fs = require("node:fs"), { Session } = require("node:inspector");
  const s = new Session(); s.connect();
  s.post("Profiler.enable"); s.post("Profiler.setSamplingInterval", { interval: 200 }); s.post("Profiler.start");
  process.on("exit", () => s.post("Profiler.stop", (err, res) => { if (!err) { fs.mkdirSync(${out}, { recursive: true }); fs.writeFileSync(${out} + "/next-" + process.pid + ".cpuprofile", JSON.stringify(res.profile)); } }));
}
`,
  );
  return file;
}

/** Cookies as a browser keeps them: name → value, updated by every Set-Cookie. */
class CookieJar {
  private readonly jar = new Map<string, string>();
  take(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const at = pair.indexOf("=");
      this.jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }
  header() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** The parts of the console's JSON answers the bench reads. */
interface ApiJson {
  error?: { code: string; message: string };
  csrfToken?: string;
  connections?: ConnectionView[];
  roles?: Array<{ id: string }>;
  vendors?: VendorInfo[];
}
interface ConnectionView {
  id: string;
  vendor: string;
  name: string;
  baseUrl: string;
  tlsCaPem: string | null;
  settings: Record<string, string>;
}
/** What GET /api/vendors says about a vendor, as far as a valid issue body needs it. */
interface VendorInfo {
  vendor: string;
  scope: { kind: string };
  securityLevels: Array<{ value: string }>;
  expiry: { kind: string; maxDays?: number };
}
/** The JSON body the issue form sends to POST /api/keys. */
interface IssueBody {
  connectionId: string;
  name: string;
  scope: string[];
  securityLevel?: string;
  expiresAt?: string;
  fields: Record<string, string>;
  reason: string;
}

/** One HTTP request as the console's own pages make it (same origin, JSON), timed to the last byte of the answer. */
async function api(
  jar: CookieJar | null,
  method: string,
  p: string,
  body?: unknown,
): Promise<{ status: number; json: ApiJson | null; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(URL_ + p, {
    method,
    headers: {
      origin: URL_,
      ...(jar ? { cookie: jar.header() } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const took = ms(t0);
  jar?.take(res);
  let json: ApiJson | null = null;
  try {
    json = JSON.parse(text) as ApiJson;
  } catch {
    // not JSON: status alone tells
  }
  return { status: res.status, json, ms: took };
}

/** next-auth's credentials flow as the login page runs it: a CSRF token, then the callback with it. */
async function signIn(jar: CookieJar): Promise<void> {
  const csrf = await api(jar, "GET", "/api/auth/csrf");
  if (!csrf.json?.csrfToken) throw new Error(`GET /api/auth/csrf answered ${csrf.status} without a token`);
  const res = await fetch(`${URL_}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header(), origin: URL_ },
    body: new URLSearchParams({
      csrfToken: csrf.json.csrfToken,
      email: ADMIN.email,
      password: ADMIN.password,
      json: "true",
      callbackUrl: URL_,
    }),
  });
  jar.take(res);
  await res.arrayBuffer();
  // Whatever the session cookie is called and holds: signed in means a signed-in route answers.
  const check = await api(jar, "GET", "/api/connections");
  if (check.status !== 200)
    throw new Error(`Sign-in failed: the callback answered ${res.status}, then GET /api/connections ${check.status}`);
}

/** Issuing needs the password confirmed within the last 10 minutes (sudo mode): renewed well before, outside the timed calls. */
const SUDO_RENEW_MS = 4 * 60 * 1000;
class Sudo {
  private at = 0;
  constructor(private readonly jar: CookieJar) {}
  async renew(force = false): Promise<void> {
    if (!force && Date.now() - this.at < SUDO_RENEW_MS) return;
    const res = await api(this.jar, "POST", "/api/auth/sudo", { password: ADMIN.password });
    if (res.status !== 201)
      throw new Error(`Sudo confirmation failed (HTTP ${res.status}) ${JSON.stringify(res.json?.error)}`);
    this.at = Date.now();
  }
}

// ---------------------------------------------------------------------------------------------
// What is measured

interface Target {
  vendor: string;
  connection: string;
  adapter: VendorAdapter;
  conn: VendorConnection;
  scope: string[];
  body(i: number, path: Path): IssueBody;
  warmup: number;
  samples: number;
}

/** The demo accounts' secrets, which GET /api/connections rightly never shows: each emulator's demo account, read from a throwaway set. */
async function demoSecrets(tmp: string): Promise<Map<string, Record<string, string>>> {
  const tls = await ensureDemoTls(path.join(tmp, "spare-tls"));
  const spare = await startAllEmulators(tls, 0);
  await Promise.all(spare.map((e) => e.emulator.close()));
  return new Map(spare.map((e) => [e.emulator.demoConnection.name, e.emulator.demoConnection.secrets]));
}

/** A valid issue body for the vendor, from what GET /api/vendors says; names are unique per path and round. */
function bodyFor(info: VendorInfo, connectionId: string, scope: string[]): (i: number, path: Path) => IssueBody {
  const days = info.expiry.kind === "picker" ? Math.min(30, info.expiry.maxDays ?? 30) : 0;
  return (i, p) => ({
    connectionId,
    name: `bench ${info.vendor} ${p} ${i}`,
    scope,
    securityLevel: info.securityLevels[0]?.value,
    expiresAt: days ? new Date(Date.now() + days * 86_400_000).toISOString() : undefined,
    fields: {},
    reason: "Benchmark",
  });
}

/** The same mint as the issue body asks for, as the adapter takes it. */
const mintRequest = (b: IssueBody): MintRequest => ({
  name: b.name,
  scope: b.scope,
  securityLevel: b.securityLevel,
  expiresAt: b.expiresAt ? new Date(b.expiresAt) : undefined,
  fields: b.fields,
});

async function direct(t: Pick<Target, "adapter" | "conn" | "body">, i: number): Promise<number> {
  const request = mintRequest(t.body(i, "direct"));
  const t0 = performance.now();
  await t.adapter.mint(t.conn, request);
  return ms(t0);
}

async function viaBff(jar: CookieJar, t: Target, i: number): Promise<number> {
  const res = await api(jar, "POST", "/api/keys", t.body(i, "bff"));
  if (res.status !== 201)
    throw new Error(`${t.vendor}: POST /api/keys answered ${res.status} ${JSON.stringify(res.json?.error)}`);
  return res.ms;
}

/** The floor: a route that answers 401 at once (no session cookie, so no database). */
async function floor(): Promise<number> {
  const res = await api(null, "GET", "/api/keys");
  if (res.status !== 401) throw new Error(`GET /api/keys without a session answered ${res.status}`);
  return res.ms;
}

/** Signed in and in sudo mode, refused for its body: the session and caller read and nothing after them. */
async function signedInRefused(jar: CookieJar): Promise<number> {
  const res = await api(jar, "POST", "/api/keys", { name: 1 });
  if (res.status !== 422)
    throw new Error(`POST /api/keys with a bad body answered ${res.status} ${JSON.stringify(res.json?.error)}`);
  return res.ms;
}

/** The demo connections of the chosen vendors, each with a scope that mints (tried directly). */
async function targets(
  jar: CookieJar,
  secrets: Map<string, Record<string, string>>,
  names = VENDORS,
): Promise<Target[]> {
  const vendors = (await api(jar, "GET", "/api/vendors")).json?.vendors ?? [];
  const connections = (await api(jar, "GET", "/api/connections")).json?.connections ?? [];
  const out: Target[] = [];
  for (const vendor of names) {
    const view = connections.find((c) => c.vendor === vendor && secrets.has(c.name));
    const info = vendors.find((v) => v.vendor === vendor);
    const adapter = adapterFor(vendor);
    if (!view || !info || !adapter)
      throw new Error(
        `${vendor}: no demo connection, vendor description or adapter (KEYWARD_BENCH_VENDORS names ${VENDORS.join(", ")})`,
      );
    const conn: VendorConnection = {
      id: `bench-${view.id}`,
      baseUrl: view.baseUrl,
      tls: { mode: "ca", caPem: view.tlsCaPem ?? "" },
      settings: view.settings,
      secrets: secrets.get(view.name)!,
      timeoutMs: 10_000,
    };
    const { scope } = await chooseScope(jar, adapter, info, view, conn);
    // The quickest of a few direct mints decides: the first is cold, and a busy machine stretches any single one.
    const body = bodyFor(info, view.id, scope);
    let quickest = Infinity;
    for (let i = 2; i <= 4; i++) quickest = Math.min(quickest, await direct({ adapter, conn, body }, -i * 10));
    const slow = quickest > SLOW_MINT_MS;
    out.push({
      vendor,
      connection: view.name,
      adapter,
      conn,
      scope,
      body,
      warmup: slow ? SLOW_WARMUP : WARMUP,
      samples: slow ? SLOW_SAMPLES : SAMPLES,
    });
  }
  return out;
}

/**
 * The first role (or environment) the connection lists that mints, tried directly. Always a
 * role where the vendor offers one: PAN-OS without a role re-issues the account's own,
 * unchanging key, which the console records once and then refuses.
 */
async function chooseScope(
  jar: CookieJar,
  adapter: VendorAdapter,
  info: VendorInfo,
  view: ConnectionView,
  conn: VendorConnection,
): Promise<{ scope: string[] }> {
  if (info.scope.kind === "none") {
    await direct({ adapter, conn, body: bodyFor(info, view.id, []) }, -1);
    return { scope: [] };
  }
  const roles = (await api(jar, "GET", `/api/connections/${view.id}/roles`)).json?.roles ?? [];
  let lastError: unknown;
  for (const [n, role] of roles.entries()) {
    try {
      await direct({ adapter, conn, body: bodyFor(info, view.id, [role.id]) }, -1 - n);
      return { scope: [role.id] };
    } catch (err) {
      lastError = err;
    }
  }
  throw new Error(
    `${info.vendor}: no listed role mints a key (${lastError instanceof Error ? lastError.message : String(lastError)})`,
  );
}

interface VendorResult {
  connection: string;
  scope: string[];
  warmup: number;
  bff: Summary;
  direct: Summary;
  floor: Summary;
  signedInRefused: Summary;
  /** BFF percentile − direct percentile (a difference of percentiles). */
  addedMs: { p50: number; p95: number; p99: number };
  ratio: { p50: number; p99: number };
}

/** Interleaved rounds over every target: per round and vendor one sample of each path, the order rotating. */
async function measureMints(
  jar: CookieJar,
  sudo: Sudo,
  all: Target[],
): Promise<{ vendors: Record<string, VendorResult>; floor: Summary; signedInRefused: Summary; seconds: number }> {
  const samples = new Map(
    all.map((t) => [t.vendor, { bff: [], direct: [], floor: [], session: [] } as Record<Path, number[]>]),
  );
  const t0 = performance.now();
  const rounds = Math.max(...all.map((t) => t.warmup + t.samples));
  for (let i = 0; i < rounds; i++) {
    await sudo.renew();
    for (const [n, t] of all.entries()) {
      if (i >= t.warmup + t.samples) continue;
      const start = (i + n) % PATHS.length;
      for (const p of [...PATHS.slice(start), ...PATHS.slice(0, start)]) {
        const took =
          p === "bff"
            ? await viaBff(jar, t, i)
            : p === "direct"
              ? await direct(t, i)
              : p === "floor"
                ? await floor()
                : await signedInRefused(jar);
        if (i >= t.warmup) samples.get(t.vendor)![p].push(took);
      }
    }
  }
  const vendors: Record<string, VendorResult> = {};
  for (const t of all) {
    const s = samples.get(t.vendor)!;
    const [b, d] = [summary(s.bff), summary(s.direct)];
    vendors[t.vendor] = {
      connection: t.connection,
      scope: t.scope,
      warmup: t.warmup,
      bff: b,
      direct: d,
      floor: summary(s.floor),
      signedInRefused: summary(s.session),
      addedMs: { p50: round(b.p50 - d.p50), p95: round(b.p95 - d.p95), p99: round(b.p99 - d.p99) },
      ratio: { p50: round(b.p50 / d.p50), p99: round(b.p99 / d.p99) },
    };
  }
  const pooled = (p: Path) => summary([...samples.values()].flatMap((s) => s[p]));
  return { vendors, floor: pooled("floor"), signedInRefused: pooled("session"), seconds: Math.round(ms(t0) / 1000) };
}

// ---------------------------------------------------------------------------------------------
// Database round trips, counted on the wire

interface Counted {
  /** Round trips over the measured window ÷ requests: catches work finishing after the answer. */
  mean: number;
  /** The mean split by kind: extended-query exchanges (Sync) and simple queries (BEGIN, COMMIT). */
  meanSyncs: number;
  meanSimpleQueries: number;
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Runs `request` n times one after another and counts the proxy's round trips per call and over the whole window. */
async function countRoundTrips(
  proxy: RoundTripProxy,
  n: number,
  request: (i: number) => Promise<unknown>,
): Promise<Counted> {
  const per: number[] = [];
  const start = proxy.counts();
  for (let i = 0; i < n; i++) {
    const before = proxy.count();
    await request(i);
    per.push(proxy.count() - before);
  }
  // Anything the console still sends after the last answer belongs to the window too.
  await new Promise((r) => setTimeout(r, 200));
  const end = proxy.counts();
  return {
    mean: round((end.roundTrips - start.roundTrips) / n),
    meanSyncs: round((end.syncs - start.syncs) / n),
    meanSimpleQueries: round((end.queries - start.queries) / n),
    median: pct(per, 50),
    min: Math.min(...per),
    max: Math.max(...per),
    n,
  };
}

async function measureRoundTrips(tmp: string, secrets: Map<string, Record<string, string>>) {
  const database = await benchDatabase();
  const server = new URL(PG_SERVER);
  const proxy = await startRoundTripProxy({ host: server.hostname, port: Number(server.port || 5432) });
  const proxied = new URL(database.url);
  proxied.host = `127.0.0.1:${proxy.port}`;
  let running: RunningConsole | undefined;
  try {
    running = await startConsole(tmp, "postgres-counted", proxied.toString());
    const jar = new CookieJar();
    await signIn(jar);
    const sudo = new Sudo(jar);
    await sudo.renew(true);
    const [t] = await targets(jar, secrets, VENDORS.slice(0, 1));
    if (!t) throw new Error("no vendor to count round trips on");
    // Warm-up: prepared statements, pools and caches settle.
    for (let i = 0; i < WARMUP; i++) {
      await viaBff(jar, t, 1_000_000 + i);
      await floor();
      await signedInRefused(jar);
    }
    await sudo.renew(true);
    const issue = await countRoundTrips(proxy, ROUND_TRIP_SAMPLES, (i) => viaBff(jar, t, 2_000_000 + i));
    const signedIn = await countRoundTrips(proxy, ROUND_TRIP_SAMPLES, () => signedInRefused(jar));
    const unauthenticated = await countRoundTrips(proxy, ROUND_TRIP_SAMPLES, () => floor());
    // What one more issue sends, statement by statement (SQL text only: values travel separately and are not read).
    const statements = async (request: () => Promise<unknown>) => {
      proxy.record(true);
      await request();
      await new Promise((r) => setTimeout(r, 200));
      return proxy.record(false).map((q) => q.replace(/\s+/g, " ").slice(0, 200));
    };
    const statementsOfOneIssue = await statements(() => viaBff(jar, t, 3_000_000));
    const statementsOfOneSignedInRefused = await statements(() => signedInRefused(jar));
    return {
      vendor: t.vendor,
      warmup: WARMUP,
      perIssue: issue,
      perSignedInRefused: signedIn,
      per401: unauthenticated,
      /** The issue's own round trips: a direct issue minus what any signed-in request costs (session and caller read). */
      perIssueExcludingSessionRead: round(issue.mean - signedIn.mean),
      statementsOfOneIssue,
      statementsOfOneSignedInRefused,
    };
  } finally {
    await running?.stop();
    await proxy.close();
    await database.drop();
  }
}

/** A fresh database on the PostgreSQL server, and how to remove it. */
async function benchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `keyward_bench_mint_${randomBytes(6).toString("hex")}`;
  await onServer(PG_SERVER, `create database ${name}`);
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer(PG_SERVER, `drop database if exists ${name} with (force)`) };
}

// ---------------------------------------------------------------------------------------------

async function runEngine(tmp: string, engine: Engine, secrets: Map<string, Record<string, string>>) {
  const database = engine === "postgres" ? await benchDatabase() : null;
  let running: RunningConsole | undefined;
  try {
    running = await startConsole(tmp, engine, database?.url);
    const jar = new CookieJar();
    await signIn(jar);
    const sudo = new Sudo(jar);
    await sudo.renew(true);
    const all = await targets(jar, secrets);
    console.log(
      `[bench:mint] ${engine}: console up in ${running.startSeconds} s; rounds (warm-up + measured): ${all.map((t) => `${t.vendor} ${t.warmup}+${t.samples}`).join(", ")}`,
    );
    const measured = await measureMints(jar, sudo, all);
    printEngine(engine, measured.vendors, measured.floor, measured.signedInRefused);
    return { startSeconds: running.startSeconds, ...measured };
  } finally {
    await running?.stop();
    await database?.drop();
  }
}

function printEngine(engine: string, vendors: Record<string, VendorResult>, floorAll: Summary, session: Summary) {
  const f = (n: number) => n.toFixed(2).padStart(8);
  console.log(`\n${engine}: ms, p50 / p99 (nearest rank)`);
  console.log(
    `${"vendor".padEnd(11)}${"direct".padStart(19)}${"BFF".padStart(19)}${"BFF − direct".padStart(19)}${"ratio p50".padStart(11)}${"n".padStart(5)}`,
  );
  for (const [v, r] of Object.entries(vendors)) {
    console.log(
      `${v.padEnd(11)} ${f(r.direct.p50)} ${f(r.direct.p99)}  ${f(r.bff.p50)} ${f(r.bff.p99)}  ${f(r.addedMs.p50)} ${f(r.addedMs.p99)}  ${r.ratio.p50.toFixed(2).padStart(8)} ${String(r.bff.n).padStart(4)}`,
    );
  }
  console.log(
    `${"floor (401)".padEnd(11)} ${f(floorAll.p50)} ${f(floorAll.p99)}   signed in, refused (422): ${f(session.p50)} ${f(session.p99)}\n`,
  );
}

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "keyward-bench-"));
  const loadAvgAtStart = loadAvgNow();
  // Read first: the numbers belong to the code that was started, whatever is committed meanwhile.
  const commit = commitInfo();
  const t0 = performance.now();
  console.log(
    `[bench:mint] console on ${URL_}, emulators from ${EMULATOR_BASE_PORT}; engines ${ENGINES.join(", ")}; vendors ${VENDORS.join(", ")}; load average ${loadAvgAtStart.join(" ")}`,
  );
  try {
    // Built here rather than inside the first console start, so the build shows and is not timed as a start.
    buildIfNeeded(root);
    const secrets = await demoSecrets(tmp);
    const engines: Partial<Record<Engine, Awaited<ReturnType<typeof runEngine>>>> = {};
    for (const engine of ENGINES) engines[engine] = await runEngine(tmp, engine, secrets);
    let roundTrips: Awaited<ReturnType<typeof measureRoundTrips>> | undefined;
    if (ENGINES.includes("postgres")) {
      console.log(`[bench:mint] counting PostgreSQL round trips (${VENDORS[0]}, ${ROUND_TRIP_SAMPLES} requests each)…`);
      roundTrips = await measureRoundTrips(tmp, secrets);
    }
    if (roundTrips) printRoundTrips(roundTrips);
    const machine = machineInfo(loadAvgAtStart);
    const verdict = judge(machine, engines.postgres?.vendors, roundTrips);
    writeResultsSection("mint", {
      date: new Date().toISOString(),
      commit,
      durationSeconds: Math.round(ms(t0) / 1000),
      machine,
      method: {
        start:
          "scripts/start.ts (built app, emulators, seeded demo team) per engine; signed in over HTTP (next-auth credentials: CSRF token, callback), sudo via POST /api/auth/sudo",
        paths: {
          bff: "POST /api/keys (direct issue, JSON, same origin), timed to the last byte of the answer",
          direct: "the vendor adapter's mint in the bench process, same emulator, same request",
          floor: "GET /api/keys without a session: 401, no database",
          signedInRefused: "POST /api/keys signed in with a bad body: 422 after the session and caller read",
        },
        order: "per round and vendor one sample of each path; the starting path rotates every round",
        warmup: WARMUP,
        samples: SAMPLES,
        slowVendor: { overMs: SLOW_MINT_MS, warmup: SLOW_WARMUP, samples: SLOW_SAMPLES },
        percentile: "nearest rank; addedMs = BFF percentile − direct percentile",
        roundTrips:
          "a TCP proxy between console and PostgreSQL counts frontend Sync ('S') and Query ('Q') messages; a separate console on its own fresh database; mean = count over the window ÷ requests",
      },
      target: TARGET,
      verdict,
      ...engines,
      roundTrips,
    });
    printVerdict(verdict);
    console.log(`[bench:mint] done in ${Math.round(ms(t0) / 1000)} s; wrote the "mint" section of bench/results.json`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

type Verdict = ReturnType<typeof judge>;
function judge(
  machine: ReturnType<typeof machineInfo>,
  postgres: Record<string, VendorResult> | undefined,
  roundTrips: Awaited<ReturnType<typeof measureRoundTrips>> | undefined,
) {
  const load = Math.max(machine.loadAvgAtStart[0] ?? 0, machine.loadAvgAtEnd[0] ?? 0);
  const worst = (key: "p50" | "p99") =>
    postgres ? Math.max(...Object.values(postgres).map((v) => v.addedMs[key])) : null;
  const [p50, p99] = [worst("p50"), worst("p99")];
  return {
    /** The targets hold only for a run at a 1-minute load average below 1, at its start and its end. */
    loadBelowLimit: load < TARGET.maxLoadAvg,
    maxLoadAvg1m: load,
    roundTripsPerIssue: roundTrips
      ? {
          value: roundTrips.perIssue.mean,
          met: roundTrips.perIssue.mean <= TARGET.roundTripsPerIssue,
          excludingSessionRead: roundTrips.perIssueExcludingSessionRead,
          metExcludingSessionRead: roundTrips.perIssueExcludingSessionRead <= TARGET.roundTripsPerIssue,
        }
      : null,
    addedP50Ms: p50 === null ? null : { worstVendor: p50, met: p50 <= TARGET.addedP50Ms },
    addedP99Ms: p99 === null ? null : { worstVendor: p99, met: p99 <= TARGET.addedP99Ms },
  };
}

function printRoundTrips(r: Awaited<ReturnType<typeof measureRoundTrips>>) {
  const line = (c: Counted) =>
    `${c.mean} (${c.meanSyncs} extended + ${c.meanSimpleQueries} simple; median ${c.median}, min ${c.min}, max ${c.max})`;
  console.log(`PostgreSQL round trips per request (${r.vendor}, ${r.perIssue.n} each after ${r.warmup} warm-up):`);
  console.log(`  direct issue, POST /api/keys:       ${line(r.perIssue)}`);
  console.log(`  signed in, refused (422):           ${line(r.perSignedInRefused)}`);
  console.log(`  no session (401):                   ${line(r.per401)}`);
  console.log(`  the issue's own, without the 422's: ${r.perIssueExcludingSessionRead}`);
  console.log(`  statements of one issue (SQL text, in order):`);
  for (const q of r.statementsOfOneIssue) console.log(`    ${q.slice(0, 110)}`);
  console.log("");
}

function printVerdict(v: Verdict) {
  const yes = (met: boolean) => (met ? "met" : "NOT MET");
  console.log(`Targets (direct issue on PostgreSQL, load average < ${TARGET.maxLoadAvg}):`);
  if (v.roundTripsPerIssue) {
    console.log(
      `  database round trips per issue ≤ ${TARGET.roundTripsPerIssue}: ${v.roundTripsPerIssue.value} — ${yes(v.roundTripsPerIssue.met)} (excluding the session and caller read: ${v.roundTripsPerIssue.excludingSessionRead} — ${yes(v.roundTripsPerIssue.metExcludingSessionRead)})`,
    );
  }
  if (v.addedP50Ms)
    console.log(
      `  BFF adds ≤ ${TARGET.addedP50Ms} ms at p50: worst vendor ${v.addedP50Ms.worstVendor} ms — ${yes(v.addedP50Ms.met)}`,
    );
  if (v.addedP99Ms)
    console.log(
      `  BFF adds ≤ ${TARGET.addedP99Ms} ms at p99: worst vendor ${v.addedP99Ms.worstVendor} ms — ${yes(v.addedP99Ms.met)}`,
    );
  if (!v.loadBelowLimit)
    console.log(
      `  The 1-minute load average reached ${v.maxLoadAvg1m}: the machine was busy, so these numbers do not count against the targets.`,
    );
}

main().catch((err: unknown) => {
  console.error(`[bench:mint] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
