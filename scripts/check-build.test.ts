import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TREND_DEMO_ADMIN_SECRET } from "@/emulators/trend/emulator";

// `npm run check:build` on build directories made here: clean, holding emulator code, missing.

const run = promisify(execFile);
const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");

async function check(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, ["--conditions=react-server", "scripts/check-build.ts", dir], {
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function fakeBuild(dir: string, files: Record<string, string>): void {
  writeFileSync(path.join(dir, "BUILD_ID"), "test");
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
}

describe("npm run check:build", () => {
  let base: string;
  beforeAll(() => {
    base = mkdtempSync(path.join(tmpdir(), "keyward-check-build-"));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it("passes a build without emulator code", async () => {
    const dir = path.join(base, "clean");
    mkdirSync(dir);
    fakeBuild(dir, { "server/app/keys/page.js": 'fetch("/api/keys")', "static/chunks/main.js": "console.log(1)" });
    const r = await check(dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("No emulator code in the production build (2 files");
  });

  it("fails naming each file that holds emulator code, without printing the secret it found", async () => {
    const dir = path.join(base, "dirty");
    mkdirSync(dir);
    fakeBuild(dir, {
      "server/chunks/ssr/route.js": `const u = "/__emulator/faults";`,
      "static/chunks/app.js": `const s = ${JSON.stringify(TREND_DEMO_ADMIN_SECRET)};`,
      "static/chunks/fine.js": "console.log(1)",
    });
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join("server", "chunks", "ssr", "route.js")}: the emulators' control path`);
    expect(r.stderr).toContain(`${path.join("static", "chunks", "app.js")}: the Trend demo admin secret`);
    expect(r.stderr).not.toContain("fine.js");
    expect(r.stderr).not.toContain(TREND_DEMO_ADMIN_SECRET);
  });

  it("fails when zod, next-auth/react or date-fns reach the browser's chunks, and allows them on the server", async () => {
    const dir = path.join(base, "heavy-browser");
    mkdirSync(dir);
    fakeBuild(dir, {
      "server/chunks/ssr/api.js": 'class $ZodType {}; const k = "nextauth.message";',
      "static/chunks/zod.js": "class $ZodType {}",
      "static/chunks/auth.js": 'localStorage.setItem("nextauth.message", "{}")',
      "static/chunks/dates.js": 'const t = { lessThanXSeconds: { one: "less than a second" } };',
    });
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join("static", "chunks", "zod.js")}: zod`);
    expect(r.stderr).toContain(`${path.join("static", "chunks", "auth.js")}: next-auth/react`);
    expect(r.stderr).toContain(`${path.join("static", "chunks", "dates.js")}: date-fns`);
    expect(r.stderr).not.toContain("api.js");
  });

  it("fails when there is no build to check", async () => {
    const dir = path.join(base, "none");
    mkdirSync(dir);
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("No production build");
  });
});
