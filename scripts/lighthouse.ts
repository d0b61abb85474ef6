// npm run lighthouse – Lighthouse performance and accessibility of /login, /keys and /keys/new on a
// running console, mobile and desktop profiles, median of KEYWARD_LH_RUNS runs each (default 3).
// The baseline in the same run: the floor of `npm run js:budget` (a bare Next.js page built with
// this project's next and next.config.js), served by `next start` and measured the same way, so
// a score reads against what the stack itself allows on this machine.
// Writes the "lighthouse" section of bench/results.json. A measurement, not a test: it never fails
// on a score. Needs a console (`npm start`) and an account on it:
//   KEYWARD_LH_URL=http://localhost:3000 KEYWARD_LH_EMAIL=… KEYWARD_LH_PASSWORD=… npm run lighthouse
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { findBrowser } from "./find-browser";
import { commitInfo, loadAvgNow, machineInfo, writeResultsSection } from "./bench-server";
import { buildFloorApp } from "./first-load-js";

const BASE = (process.env.KEYWARD_LH_URL ?? "http://localhost:3000").replace(/\/$/, "");
const EMAIL = process.env.KEYWARD_LH_EMAIL ?? process.env.KEYWARD_ADMIN_EMAIL;
const PASSWORD = process.env.KEYWARD_LH_PASSWORD ?? process.env.KEYWARD_ADMIN_PASSWORD;
const RUNS = Number(process.env.KEYWARD_LH_RUNS ?? 3);
const FLOOR = "floor (bare Next.js page)";
const PAGES: Array<{ path: string; signedIn: boolean }> = [
  { path: "/login", signedIn: false },
  { path: "/keys", signedIn: true },
  { path: "/keys/new", signedIn: true },
];
/** The flags issue 14 measured with: no background traffic, no first-run work, no sandbox (root in CI). */
const CHROME_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

interface Run {
  performance: number;
  accessibility: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
}

/** The session cookie, by next-auth's credentials flow as the login page runs it. */
async function sessionCookie(): Promise<string> {
  if (!EMAIL || !PASSWORD) throw new Error("Set KEYWARD_LH_EMAIL and KEYWARD_LH_PASSWORD (an account on the console).");
  const jar = new Map<string, string>();
  const take = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${BASE}/api/auth/csrf`);
  take(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header(), origin: BASE },
    body: new URLSearchParams({ csrfToken, email: EMAIL, password: PASSWORD, json: "true", callbackUrl: BASE }),
  });
  take(res);
  await res.arrayBuffer();
  const check = await fetch(`${BASE}/api/connections`, { headers: { cookie: header() } });
  if (check.status !== 200) throw new Error(`Sign-in failed: GET /api/connections answered ${check.status}.`);
  return header();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** A fresh browser per run, so no run starts with another's cache. */
async function withChrome<T>(fn: (port: number) => Promise<T>): Promise<T> {
  const executable = process.env.CHROME_PATH ?? findBrowser();
  if (!executable) throw new Error("No Chromium: set CHROME_PATH.");
  const port = await freePort();
  const profile = mkdtempSync(path.join(tmpdir(), "keyward-lh-"));
  const chrome = spawn(
    executable,
    [...CHROME_FLAGS, `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, "about:blank"],
    { stdio: "ignore" },
  );
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/json/version`)).ok) break;
      } catch {
        if (i > 100) throw new Error("Chromium did not open its DevTools port.");
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return await fn(port);
  } finally {
    chrome.kill();
    await new Promise((r) => chrome.once("exit", r));
    // Chromium may still be flushing its profile as it exits.
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

async function audit(url: string, desktop: boolean, cookie: string | null): Promise<Run> {
  const { default: lighthouse } = await import("lighthouse");
  const config = desktop ? (await import("lighthouse/core/config/desktop-config.js")).default : undefined;
  return withChrome(async (port) => {
    const result = await lighthouse(
      url,
      {
        port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility"],
        ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
      },
      config,
    );
    const lhr = result?.lhr;
    if (!lhr) throw new Error(`Lighthouse gave no result for ${url}.`);
    if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.message}`);
    const metric = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? NaN);
    return {
      performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
      fcpMs: metric("first-contentful-paint"),
      lcpMs: metric("largest-contentful-paint"),
      tbtMs: metric("total-blocking-time"),
      cls: Math.round((lhr.audits["cumulative-layout-shift"]?.numericValue ?? NaN) * 1000) / 1000,
    };
  });
}

/** The run with the median performance score: its metrics belong together. */
function medianRun(runs: Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.performance - b.performance);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** The floor app built and served on a free port while `fn` runs; removed afterwards. */
async function withFloor<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), "keyward-lh-floor-"));
  try {
    buildFloorApp(dir);
    const port = await freePort();
    const server = spawn(
      process.execPath,
      [path.join(dir, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"],
      { cwd: dir, stdio: "ignore", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } },
    );
    try {
      const url = `http://127.0.0.1:${port}/`;
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(url)).ok) break;
        } catch {
          if (i > 300) throw new Error("The floor app did not answer within 30 s.");
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      return await fn(url);
    } finally {
      server.kill();
      await new Promise((r) => server.once("exit", r));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(url: string, desktop: boolean, cookie: string | null): Promise<Run & { runs: number[] }> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await audit(url, desktop, cookie));
  return { ...medianRun(runs), runs: runs.map((r) => r.performance) };
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadAvgAtStart = loadAvgNow();
  const cookie = await sessionCookie();
  const results: Record<string, Record<string, Run & { runs: number[] }>> = {};
  const print = (profile: string, page: string, m: Run & { runs: number[] }) =>
    console.log(
      `${profile.padEnd(7)} ${page.padEnd(9)} performance ${m.performance} (runs ${m.runs.join(", ")})  accessibility ${m.accessibility}  FCP ${m.fcpMs} ms  LCP ${m.lcpMs} ms  TBT ${m.tbtMs} ms  CLS ${m.cls}`,
    );
  for (const profile of ["mobile", "desktop"] as const) {
    for (const page of PAGES) {
      const m = await measure(BASE + page.path, profile === "desktop", page.signedIn ? cookie : null);
      (results[profile] ??= {})[page.path] = m;
      print(profile, page.path, m);
    }
  }
  await withFloor(async (url) => {
    for (const profile of ["mobile", "desktop"] as const) {
      const m = await measure(url, profile === "desktop", null);
      results[profile]![FLOOR] = m;
      print(profile, "floor", m);
    }
  });
  writeResultsSection("lighthouse", {
    date: new Date().toISOString(),
    commit: commitInfo(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: machineInfo(loadAvgAtStart),
    method: `lighthouse ${RUNS}× per page and profile (median by performance score), fresh headless Chromium each run (${CHROME_FLAGS.join(" ")}); signed-in pages with the session cookie as an extra header; "${FLOOR}" is the js:budget floor app served by next start, measured in the same run as the baseline`,
    results,
  });
}

if (require.main === module)
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
