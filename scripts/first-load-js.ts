// npm run js:budget – first-load JavaScript per page route, gzipped, from the last `next build`,
// beside the floor: a bare Next.js page built the same way. Exits 1 when a route is over budget.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  entryChunks,
  gzipBytes,
  kB,
  pageRoutes,
  routeChunks,
  sumRoute,
  type BuildManifest,
  type RouteSize,
} from "./first-load-js-manifest";

const root = path.resolve(__dirname, "..");

/** The budget of issue 14, in bytes (kB = 1,000 bytes, as `next build` prints). */
export const BUDGET = {
  /** /login may weigh at most this much more than the floor. */
  loginOverFloor: 10_000,
  /** …and at most this much where the floor leaves room. */
  login: 120_000,
  other: 140_000,
};

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, "utf8")) as T;

/** First-load JS of every page route of the build in `distDir`. */
export function measureBuild(distDir: string): RouteSize[] {
  if (!existsSync(path.join(distDir, "BUILD_ID"))) throw new Error(`No production build in ${distDir}.`);
  const build = readJson<BuildManifest>(path.join(distDir, "build-manifest.json"));
  const routes = pageRoutes(readJson<Record<string, string>>(path.join(distDir, "app-path-routes-manifest.json")));
  const sizes = new Map<string, { raw: number; gzip: number }>();
  const sizeOf = (file: string) => {
    let s = sizes.get(file);
    if (!s) {
      const content = readFileSync(path.join(distDir, file));
      s = { raw: content.length, gzip: gzipBytes(content) };
      sizes.set(file, s);
    }
    return s;
  };
  return routes.map(({ page, route }) => {
    const manifest = path.join(distDir, "server", "app", `${page}_client-reference-manifest.js`);
    const files = routeChunks(build, entryChunks(readFileSync(manifest, "utf8"), page));
    return sumRoute(route, files, sizeOf);
  });
}

/** Where the floor's last measurement is kept, with what it was built from (ignored by git). */
const FLOOR_CACHE = path.join(root, ".data-js-floor", "floor.json");
const FLOOR_FILES: Record<string, string> = {
  // The app's own options, nothing else: same compiler, same next, same React.
  "next.config.js": `module.exports = require(${JSON.stringify(path.join(root, "next.config.js"))});\n`,
  "app/layout.jsx":
    'export default function RootLayout({ children }) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n',
  "app/page.jsx": "export default function Page() {\n  return <p>Hello</p>;\n}\n",
};

/** What the floor depends on: when none of it changed, the last floor build still stands. */
function floorKey(): string {
  const hash = createHash("sha256");
  for (const pkg of ["next", "react", "react-dom"])
    hash.update(readFileSync(path.join(root, "node_modules", pkg, "package.json")));
  hash.update(readFileSync(path.join(root, "next.config.js")));
  hash.update(JSON.stringify(FLOOR_FILES));
  return hash.digest("hex");
}

/**
 * Writes the floor app into `dir` (outside the project: inside it, Next.js would take the
 * project's instrumentation and proxy along), hard-links the project's node_modules so the same
 * packages are bundled, and runs `next build` there. Also the baseline of `npm run lighthouse`.
 */
export function buildFloorApp(dir: string): void {
  for (const [name, content] of Object.entries(FLOOR_FILES)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  const linked = spawnSync("cp", ["-al", path.join(root, "node_modules"), path.join(dir, "node_modules")]);
  if (linked.status !== 0) throw new Error(`Could not link node_modules for the floor: ${linked.stderr}`);
  const result = spawnSync(process.execPath, [path.join(dir, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`The floor's next build failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * The floor: a root layout that renders only <html><body>, and a page with one paragraph, built by
 * this project's `next build` with its next.config.js (buildFloorApp). Cached while the packages
 * and config it is built from are unchanged.
 */
export function measureFloor(): RouteSize & { cached: boolean } {
  const key = floorKey();
  if (existsSync(FLOOR_CACHE)) {
    const cached = readJson<{ key: string; size: RouteSize }>(FLOOR_CACHE);
    if (cached.key === key) return { ...cached.size, cached: true };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "keyward-js-floor-"));
  try {
    buildFloorApp(dir);
    const home = measureBuild(path.join(dir, ".next")).find((r) => r.route === "/");
    if (!home) throw new Error("The floor build has no / route.");
    mkdirSync(path.dirname(FLOOR_CACHE), { recursive: true });
    writeFileSync(FLOOR_CACHE, JSON.stringify({ key, size: home }, null, 2) + "\n");
    return { ...home, cached: false };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RouteVerdict extends RouteSize {
  limit: number;
  within: boolean;
}

/** Each route against its limit: /login within 10 kB of the floor (and 120 kB), the rest 140 kB. */
export function verdicts(routes: RouteSize[], floorGzip: number): RouteVerdict[] {
  return routes.map((r) => {
    const nearFloor = floorGzip + BUDGET.loginOverFloor;
    // 120 kB counts only while the floor leaves room for it; above that, 10 kB over the floor.
    const login = floorGzip <= BUDGET.login ? Math.min(nearFloor, BUDGET.login) : nearFloor;
    const limit = r.route === "/login" ? login : BUDGET.other;
    return { ...r, limit, within: r.gzip <= limit };
  });
}

/** What `npm run bench` records: every route and the floor, in kB gzipped. */
export function firstLoadReport(distDir = path.join(root, ".next")) {
  const floor = measureFloor();
  const routes = verdicts(measureBuild(distDir), floor.gzip);
  return {
    unit: "kB gzipped (1 kB = 1,000 bytes), zlib default level",
    method:
      "per route: .next/build-manifest.json rootMainFiles + the entryJSFiles of the route's client reference manifest; floor: a bare layout and page built with this project's next and next.config.js (.data-js-floor/)",
    buildId: readFileSync(path.join(distDir, "BUILD_ID"), "utf8").trim(),
    builtAt: statSync(path.join(distDir, "BUILD_ID")).mtime.toISOString(),
    floor: { gzip: kB(floor.gzip), raw: kB(floor.raw), files: floor.files.length },
    routes: Object.fromEntries(
      routes.map((r) => [r.route, { gzip: kB(r.gzip), raw: kB(r.raw), limit: kB(r.limit), within: r.within }]),
    ),
    allWithin: routes.every((r) => r.within),
  };
}

function main(): number {
  const distDir = path.resolve(root, process.argv[2] ?? ".next");
  const floor = measureFloor();
  const routes = verdicts(measureBuild(distDir), floor.gzip);
  const pad = Math.max(...routes.map((r) => r.route.length), 5);
  console.log(`${"route".padEnd(pad)}  gzip kB  raw kB  limit  `);
  for (const r of routes)
    console.log(
      `${r.route.padEnd(pad)}  ${kB(r.gzip).toFixed(1).padStart(7)}  ${kB(r.raw).toFixed(1).padStart(6)}  ${kB(r.limit).toFixed(0).padStart(5)}  ${r.within ? "" : "OVER"}`,
    );
  console.log(
    `${"floor".padEnd(pad)}  ${kB(floor.gzip).toFixed(1).padStart(7)}  ${kB(floor.raw).toFixed(1).padStart(6)}  (a bare Next.js page, same next and next.config.js${floor.cached ? "; cached build" : ""})`,
  );
  const over = routes.filter((r) => !r.within);
  if (over.length) console.error(`Over budget: ${over.map((r) => r.route).join(", ")}.`);
  return over.length ? 1 : 0;
}

if (require.main === module) process.exit(main());
