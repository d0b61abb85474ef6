import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * What the browser's bundle holds: every module a "use client" file imports, transitively, with
 * the imports the compiler erases (`import type`, `import { type A }`, `export type`) left out —
 * everything else counts, so an import the bundler might still drop is reported, never missed.
 */

const EXTENSIONS = [".ts", ".tsx", ".js", ".jsx", ".mjs"];

/** The specifiers of `source` that survive compilation: static and dynamic imports, re-exports, require(). */
export function valueImports(fileName: string, source: string): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const erased =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!erased) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const allTypes =
        node.isTypeOnly ||
        (node.exportClause !== undefined &&
          ts.isNamedExports(node.exportClause) &&
          node.exportClause.elements.length > 0 &&
          node.exportClause.elements.every((e) => e.isTypeOnly));
      if (!allTypes) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === "require")) &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

export const isClientModule = (source: string) => /^\s*(?:\/\/[^\n]*\n\s*)*["']use client["']/.test(source);

/** A project file for a relative or `@/` specifier, or the package name (`zod`, `next-auth/react`) for the rest. */
export function resolveSpecifier(
  root: string,
  fromFile: string,
  specifier: string,
  exists: (file: string) => boolean,
): { file: string } | { pkg: string } {
  let base: string | null = null;
  if (specifier.startsWith("@/")) base = path.join(root, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(fromFile), specifier);
  if (base === null) return { pkg: specifier };
  for (const candidate of [
    base,
    ...EXTENSIONS.map((e) => base + e),
    ...EXTENSIONS.map((e) => path.join(base, "index" + e)),
  ])
    if (exists(candidate)) return { file: candidate };
  throw new Error(`${path.relative(root, fromFile)}: cannot resolve ${specifier}`);
}

export interface ClientImport {
  /** The chain from a "use client" file to the package, project-relative. */
  chain: string[];
  pkg: string;
}

/** Every package the client graph from `entries` reaches, with the first chain that reaches it. */
export function clientPackages(
  root: string,
  entries: string[],
  read: (file: string) => string,
  exists: (file: string) => boolean,
): ClientImport[] {
  const seen = new Set<string>();
  const out: ClientImport[] = [];
  const queue: Array<{ file: string; chain: string[] }> = entries.map((f) => ({ file: f, chain: [rel(root, f)] }));
  while (queue.length) {
    const { file, chain } = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of valueImports(file, read(file))) {
      const to = resolveSpecifier(root, file, spec, exists);
      if ("pkg" in to) out.push({ chain, pkg: to.pkg });
      // Stylesheets and JSON carry no imports.
      else if (/\.(tsx?|jsx?|mjs)$/.test(to.file) && !seen.has(to.file))
        queue.push({ file: to.file, chain: [...chain, rel(root, to.file)] });
    }
  }
  return out;
}

const rel = (root: string, file: string) => path.relative(root, file).split(path.sep).join("/");

/** Every "use client" file under the product directories, tests left out. */
export function clientEntries(root: string, dirs: string[]): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) return walk(full);
      if (!/\.(tsx?|jsx?)$/.test(entry) || /\.test\.tsx?$/.test(entry)) return [];
      return isClientModule(readFileSync(full, "utf8")) ? [full] : [];
    });
  return dirs.flatMap((d) => walk(path.join(root, d)));
}

export const onDisk = {
  read: (file: string) => readFileSync(file, "utf8"),
  exists: (file: string) => existsSync(file) && statSync(file).isFile(),
};
