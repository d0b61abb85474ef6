// Which JavaScript files a route's first load fetches, read from what `next build` wrote, and their
// gzipped size. Pure apart from the file reads the caller passes in, so the summing is unit-tested.
import { gzipSync } from "node:zlib";
import vm from "node:vm";

/** The parts of .next/build-manifest.json every App Router page loads. */
export interface BuildManifest {
  rootMainFiles: string[];
}

/**
 * A page's `*_client-reference-manifest.js` is a script that assigns to
 * `globalThis.__RSC_MANIFEST[page]`; it is evaluated in an empty context (Next does the same at
 * run time) rather than parsed, so a change in its JSON layout cannot make us read half of it.
 * `entryJSFiles` maps each segment of the route (root layout, error and not-found boundaries,
 * nested layouts, the page) to the chunks its client components need.
 */
export function entryChunks(manifestSource: string, page: string): string[] {
  const sandbox: {
    globalThis?: unknown;
    __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }>;
  } = {};
  sandbox.globalThis = sandbox;
  vm.runInNewContext(manifestSource, sandbox, { timeout: 5_000 });
  const entry = sandbox.__RSC_MANIFEST?.[page];
  if (!entry?.entryJSFiles) throw new Error(`No entryJSFiles for ${page} in its client reference manifest.`);
  return Object.values(entry.entryJSFiles).flat();
}

/** The route's first-load files: the framework's root chunks, then every segment's, each once. */
export function routeChunks(build: BuildManifest, segmentChunks: string[]): string[] {
  const normalise = (file: string) => file.replace(/^\/?_next\//, "").replace(/^\//, "");
  return [...new Set([...build.rootMainFiles, ...segmentChunks].map(normalise))];
}

/** Bytes as the console sends them with `compress: true` (Node's zlib at its default level, as `compression` uses). */
export function gzipBytes(content: Buffer): number {
  return gzipSync(content).length;
}

export interface RouteSize {
  route: string;
  /** Gzipped bytes of every file the route's first load fetches. */
  gzip: number;
  /** The same files uncompressed. */
  raw: number;
  files: string[];
}

/** Sums the route's files; `sizeOf` gives each file's raw and gzipped bytes (cached by the caller). */
export function sumRoute(
  route: string,
  files: string[],
  sizeOf: (file: string) => { raw: number; gzip: number },
): RouteSize {
  let gzip = 0;
  let raw = 0;
  for (const f of files) {
    const s = sizeOf(f);
    gzip += s.gzip;
    raw += s.raw;
  }
  return { route, gzip, raw, files };
}

/**
 * App Router pages from .next/app-path-routes-manifest.json ("/(console)/keys/page" → "/keys"):
 * route handlers, and the framework's own /_global-error, send no page to a browser.
 */
export function pageRoutes(appPathRoutes: Record<string, string>): Array<{ page: string; route: string }> {
  return Object.entries(appPathRoutes)
    .filter(([page, route]) => page.endsWith("/page") && route !== "/_global-error")
    .map(([page, route]) => ({ page, route }))
    .sort((a, b) => a.route.localeCompare(b.route));
}

export const kB = (bytes: number) => Math.round((bytes / 1000) * 10) / 10;
