import path from "node:path";
import { describe, expect, it } from "vitest";
import { clientEntries, clientPackages, onDisk, valueImports } from "./support/client-graph";

/**
 * The browser's JavaScript budget (README, "JavaScript budget"): zod (30 kB gzipped), date-fns
 * (11 kB) and next-auth's client (9 kB) once rode along on most pages. The BFF validates with zod,
 * the server formats with whatever it likes; a "use client" module — or anything it imports,
 * however deep — must do without them.
 */

const root = path.resolve(__dirname, "..");
const BANNED = [/^zod(\/|$)/, /^date-fns(\/|$)/, /^next-auth(\/|$)/];

describe("client bundle imports", () => {
  it("keeps imports the compiler erases out of the graph, and every other form in", () => {
    const source = [
      'import type { z } from "zod";',
      'import { type ZodType, type infer as Infer } from "zod";',
      'export type { Session } from "next-auth";',
      'import { format } from "date-fns";',
      'import { type A, b } from "./mixed";',
      'import "./side-effect";',
      'export { x } from "@/lib/x";',
      'const lazy = await import("next-auth/react");',
      'import {} from "./empty-braces";',
    ].join("\n");
    expect(valueImports("a.tsx", source)).toEqual([
      "date-fns",
      "./mixed",
      "./side-effect",
      "@/lib/x",
      "next-auth/react",
      "./empty-braces",
    ]);
  });

  it("follows a chain of project files down to the package it ends in", () => {
    const files: Record<string, string> = {
      "/p/components/Form.tsx": '"use client";\nimport { check } from "@/lib/checks";\n',
      "/p/lib/checks.ts": 'import type { Body } from "./input";\nexport { rule } from "./rules";\n',
      "/p/lib/input.ts": 'import { z } from "zod";\n',
      "/p/lib/rules.ts": 'import { z } from "zod/mini";\n',
    };
    const found = clientPackages(
      "/p",
      ["/p/components/Form.tsx"],
      (f) => files[f]!,
      (f) => f in files,
    );
    expect(found).toEqual([{ pkg: "zod/mini", chain: ["components/Form.tsx", "lib/checks.ts", "lib/rules.ts"] }]);
  });

  it("no client component reaches zod, date-fns or next-auth, directly or through lib/", () => {
    const entries = clientEntries(root, ["app", "components", "lib"]);
    // The walk must have something to walk: the console has dozens of client components.
    expect(entries.length).toBeGreaterThan(30);
    const reached = clientPackages(root, entries, onDisk.read, onDisk.exists);
    expect(
      reached.some((r) => r.pkg === "react"),
      "the walk reaches the packages client code does use",
    ).toBe(true);
    const offenders = reached
      .filter((r) => BANNED.some((b) => b.test(r.pkg)))
      .map((r) => `${r.pkg} via ${r.chain.join(" → ")}`);
    expect(offenders, `keep these out of the browser:\n${offenders.join("\n")}`).toEqual([]);
  });
});
