import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Product code (what `next build` ships) never imports the vendor emulators or test support:
 * they hold seeded secrets and control endpoints that must not reach a production bundle.
 * Tests beside the product code (`*.test.ts`) may import both; `scripts/` and `e2e/` may too.
 */

const root = path.resolve(__dirname, "..");
const PRODUCT_DIRS = ["app", "lib", "components"];
const PRODUCT_ROOT_FILES = ["instrumentation.ts", "middleware.ts", "proxy.ts"];
const FORBIDDEN_DIRS = ["emulators", "test"];

const SOURCE = /\.(ts|tsx|js|jsx|mjs|cjs)$/;
const TEST_FILE = /\.test\.(ts|tsx)$/;
// `from "x"`, `import "x"`, `import("x")`, `require("x")` — every way a module names another.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(["'])([^"'\n]+)\1/g;

function productFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...productFiles(full));
    else if (SOURCE.test(entry) && !TEST_FILE.test(entry)) out.push(full);
  }
  return out;
}

/** The project-relative path a specifier points at, or null for a package. */
function target(fromFile: string, specifier: string): string | null {
  if (specifier.startsWith("@/")) return path.posix.normalize(specifier.slice(2));
  if (specifier.startsWith("."))
    return path
      .relative(root, path.resolve(path.dirname(fromFile), specifier))
      .split(path.sep)
      .join("/");
  return null;
}

/** Every import in `source` (a file at `file`) that reaches into emulators/ or test/, as `line: specifier`. */
function forbiddenImports(file: string, source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(SPECIFIER)) {
    const to = target(file, match[2]!);
    if (to === null) continue;
    const top = to.split("/")[0]!;
    if (FORBIDDEN_DIRS.includes(top)) found.push(`${source.slice(0, match.index).split("\n").length}: ${match[2]}`);
  }
  return found;
}

describe("architecture", () => {
  it("finds imports of emulators/ and test/ in every form, and leaves the rest alone", () => {
    const file = path.join(root, "lib", "demo", "x.ts");
    const source = [
      'import { startPanosEmulator } from "@/emulators/panos/emulator";',
      'import type { TestDatabase } from "../../test/support/databases";',
      'export { SEEDED_KEYS } from "@/emulators/xsiam/seed";',
      'const kit = await import("@/emulators/kit");',
      'import "@/test/support/tls";',
      'import { adapterFor } from "@/lib/vendors/registry";',
      'import { z } from "zod";',
      'import { testing } from "./testing";',
      'import { x } from "@/lib/emulators-note";',
    ].join("\n");
    expect(forbiddenImports(file, source)).toEqual([
      "1: @/emulators/panos/emulator",
      "2: ../../test/support/databases",
      "3: @/emulators/xsiam/seed",
      "4: @/emulators/kit",
      "5: @/test/support/tls",
    ]);
  });

  it("product code in app/, lib/ and components/ imports no emulator or test code", () => {
    const files = [
      ...PRODUCT_DIRS.flatMap((d) => productFiles(path.join(root, d))),
      ...PRODUCT_ROOT_FILES.map((f) => path.join(root, f)).filter((f) => {
        try {
          return statSync(f).isFile();
        } catch {
          return false;
        }
      }),
    ];
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((f) =>
      forbiddenImports(f, readFileSync(f, "utf8")).map((hit) => `${path.relative(root, f)}:${hit}`),
    );
    expect(offenders, `product code must not import emulators/ or test/:\n${offenders.join("\n")}`).toEqual([]);
  });
});
