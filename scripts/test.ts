/**
 * `npm test`: every check the project has, in one command — type check, lint, format, dead code, unit, contract and
 * database tests (PGlite, and PostgreSQL when TEST_DATABASE_URL is set), then the build, a check
 * that it holds no emulator code, and the browser journeys in Chromium. Ends with one "N passed, N failed" line.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureBrowser } from "./find-browser";
import { buildIfNeeded } from "./build-if-needed";

const root = path.resolve(__dirname, "..");
const results = path.join(root, "test-results");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  console.log(`\n▶ ${label}`);
  const r = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  return r.status === 0;
}

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : undefined;
}

function main(): number {
  mkdirSync(results, { recursive: true });
  const vitestJson = path.join(results, "vitest.json");
  const e2eJson = path.join(results, "e2e-report.json");
  rmSync(vitestJson, { force: true });
  rmSync(e2eJson, { force: true });
  if (!process.env.TEST_DATABASE_URL) console.log("TEST_DATABASE_URL is not set: database tests run on PGlite only.");

  const steps: Array<[string, boolean]> = [];
  steps.push(["type check", run("Type check (tsc)", bin("tsc"), ["--noEmit", "-p", "."])]);
  steps.push(["lint", run("Lint (ESLint)", bin("eslint"), ["."])]);
  steps.push(["format", run("Format (Prettier)", bin("prettier"), ["--check", "--log-level=warn", "."])]);
  steps.push(["dead code", run("Unused files, exports and dependencies (knip)", bin("knip"), [])]);
  steps.push([
    "unit, contract and database tests",
    run("Unit, contract and database tests (vitest)", bin("vitest"), [
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile=${vitestJson}`,
    ]),
  ]);

  let browser: string | undefined;
  try {
    browser = ensureBrowser();
  } catch (err) {
    console.error((err as Error).message);
  }
  if (browser) {
    console.log(`\n▶ Building the console for the browser tests`);
    let built = true;
    try {
      buildIfNeeded(root);
    } catch (err) {
      console.error((err as Error).message);
      built = false;
    }
    steps.push(["build", built]);
    // The build is what ships: no emulator code (control endpoints, seeded demo secrets) in it.
    if (built)
      steps.push([
        "emulator-free build",
        run("Production build holds no emulator code", bin("tsx"), [
          "--conditions=react-server",
          "scripts/check-build.ts",
        ]),
      ]);
    if (built)
      steps.push([
        "browser journeys",
        run("Browser journeys (Playwright, Chromium)", bin("playwright"), ["test"], {
          ...process.env,
          KEYWARD_CHROMIUM_PATH: browser,
        }),
      ]);
  } else {
    steps.push(["browser", false]);
  }

  const unit = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number }>(vitestJson);
  const e2e = readJson<{ stats: { expected: number; unexpected: number; skipped: number; flaky: number } }>(e2eJson);
  const passed = (unit?.numPassedTests ?? 0) + (e2e?.stats.expected ?? 0) + (e2e?.stats.flaky ?? 0);
  const failedSteps = steps.filter(([, ok]) => !ok).map(([name]) => name);
  // A step that failed without reporting tests (type errors, a broken build) still counts as a failure.
  const failed =
    (unit?.numFailedTests ?? 0) +
    (e2e?.stats.unexpected ?? 0) +
    failedSteps.filter((s) => !["unit, contract and database tests", "browser journeys"].includes(s)).length;
  const skipped = (unit?.numPendingTests ?? 0) + (e2e?.stats.skipped ?? 0);

  console.log(
    `\nunit/contract/db: ${unit ? `${unit.numPassedTests} passed, ${unit.numFailedTests} failed` : "no report"}; browser: ${e2e ? `${e2e.stats.expected} passed, ${e2e.stats.unexpected} failed` : "no report"}`,
  );
  if (failedSteps.length) console.log(`failed steps: ${failedSteps.join(", ")}`);
  console.log(
    `${passed} passed, ${failed + (failedSteps.length && failed === 0 ? 1 : 0)} failed${skipped ? `, ${skipped} skipped` : ""}`,
  );
  return failedSteps.length === 0 ? 0 : 1;
}

process.exit(main());
