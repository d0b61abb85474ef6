import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Feature folders of lib/ (keys, requests, issuance, connections…) depend on each other in one
// direction only: a cycle between two folders means neither can be read, changed or tested
// without the other. Built from the source itself, so a new import that closes a cycle fails here.

const LIB = path.join(__dirname);

/** Every production source file under lib/ (tests may import across folders freely). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

/** The feature folder of a file under lib/, or null for a file at lib/'s top level (env.ts, errors.ts). */
function folderOf(file: string): string | null {
  const parts = path.relative(LIB, file).split(path.sep);
  return parts.length > 1 && !parts[0]!.startsWith("..") ? parts[0]! : null;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** folder → folder it imports → the files that do. */
export function folderGraph(files: string[], read: (f: string) => string): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of files) {
    const from = folderOf(file);
    if (!from) continue;
    for (const m of read(file).matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2])!;
      const to = spec.startsWith("@/lib/")
        ? spec.slice("@/lib/".length).split("/")[0]!
        : spec.startsWith(".")
          ? folderOf(path.resolve(path.dirname(file), spec))
          : null;
      if (!to || to === from || /\.tsx?$/.test(to)) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      edges.set(to, [...(edges.get(to) ?? []), path.relative(LIB, file)]);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Strongly connected components with more than one folder (Tarjan): each is a cycle. */
export function cycles(graph: Map<string, Map<string, string[]>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe("imports between lib/ feature folders", () => {
  it("finds a cycle when there is one (the check itself works)", () => {
    const files = {
      "/x/keys/a.ts": `import { b } from "@/lib/requests/b";`,
      "/x/requests/b.ts": `import type { a } from "../keys/a";`,
      "/x/audit/c.ts": `export { d } from "@/lib/db/d";`,
    };
    const graph = folderGraph(
      Object.keys(files).map((f) => path.join(LIB, f.slice(3))),
      (f) => files[`/x/${path.relative(LIB, f)}` as keyof typeof files],
    );
    expect(cycles(graph)).toEqual([["keys", "requests"]]);
  });

  it("form no cycle: each folder depends on another in one direction only", () => {
    const graph = folderGraph(sourceFiles(LIB), (f) => readFileSync(f, "utf8"));
    // Sanity: the graph is the real one (the pipeline depends on the folders it composes).
    expect([...(graph.get("issuance")?.keys() ?? [])]).toEqual(
      expect.arrayContaining(["keys", "requests", "connections", "policies"]),
    );
    const described = cycles(graph).map(
      (c) =>
        `${c.join(" ↔ ")}: ${c.flatMap((from) => c.filter((to) => graph.get(from)?.has(to)).map((to) => `${from} → ${to} (${graph.get(from)!.get(to)!.join(", ")})`)).join("; ")}`,
    );
    expect(described).toEqual([]);
  });
});
