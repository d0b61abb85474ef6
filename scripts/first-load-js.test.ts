import { describe, expect, it } from "vitest";
import { entryChunks, gzipBytes, kB, pageRoutes, routeChunks, sumRoute } from "./first-load-js-manifest";
import { verdicts } from "./first-load-js";

// The arithmetic behind `npm run js:budget`: which files a route loads, and what they add up to.

const manifest = (page: string, entry: Record<string, string[]>) =>
  `globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};\n` +
  `globalThis.__RSC_MANIFEST[${JSON.stringify(page)}] = ${JSON.stringify({ clientModules: {}, entryJSFiles: entry })};\n`;

describe("first-load JS", () => {
  it("reads every segment's chunks from a client reference manifest", () => {
    const source = manifest("/(console)/keys/page", {
      "[project]/app/layout": ["static/chunks/a.js"],
      "[project]/app/(console)/layout": ["static/chunks/a.js", "static/chunks/b.js"],
      "[project]/app/(console)/keys/page": ["static/chunks/a.js", "static/chunks/c.js"],
    });
    expect(entryChunks(source, "/(console)/keys/page")).toEqual([
      "static/chunks/a.js",
      "static/chunks/a.js",
      "static/chunks/b.js",
      "static/chunks/a.js",
      "static/chunks/c.js",
    ]);
    expect(() => entryChunks(source, "/login/page")).toThrow(/No entryJSFiles for \/login\/page/);
  });

  it("counts each file once, the framework's root chunks first, whatever prefix the manifest gives", () => {
    const files = routeChunks({ rootMainFiles: ["static/chunks/main.js", "static/chunks/react.js"] }, [
      "/_next/static/chunks/page.js",
      "static/chunks/main.js",
      "static/chunks/page.js",
    ]);
    expect(files).toEqual(["static/chunks/main.js", "static/chunks/react.js", "static/chunks/page.js"]);
  });

  it("sums raw and gzipped bytes of the route's files", () => {
    const sizes: Record<string, { raw: number; gzip: number }> = {
      "a.js": { raw: 1000, gzip: 400 },
      "b.js": { raw: 500, gzip: 250 },
    };
    expect(sumRoute("/keys", ["a.js", "b.js"], (f) => sizes[f]!)).toEqual({
      route: "/keys",
      raw: 1500,
      gzip: 650,
      files: ["a.js", "b.js"],
    });
  });

  it("gzips as the server does: a repetitive script shrinks twentyfold", () => {
    const script = Buffer.from("function f(){return 1}\n".repeat(500));
    const size = gzipBytes(script);
    expect(size).toBeGreaterThan(20);
    expect(size).toBeLessThan(script.length / 20);
    expect(kB(135_279)).toBe(135.3);
  });

  it("lists pages, not route handlers or the framework's global error page", () => {
    expect(
      pageRoutes({
        "/(console)/keys/page": "/keys",
        "/api/keys/route": "/api/keys",
        "/_global-error/page": "/_global-error",
        "/login/page": "/login",
        "/(console)/page": "/",
      }).map((r) => r.route),
    ).toEqual(["/", "/keys", "/login"]);
  });

  it("gives /login 10 kB over the floor, capped at 120 kB while the floor leaves room, and other routes 140 kB", () => {
    const route = (r: string, gzip: number) => ({ route: r, gzip, raw: 0, files: [] });
    const limits = (floor: number) =>
      verdicts([route("/login", 0), route("/keys", 0)], floor).map((v) => [v.route, v.limit]);
    expect(limits(100_000)).toEqual([
      ["/login", 110_000],
      ["/keys", 140_000],
    ]);
    expect(limits(115_000)[0]).toEqual(["/login", 120_000]);
    expect(limits(135_300)[0]).toEqual(["/login", 145_300]);
    const [login, keys] = verdicts([route("/login", 145_301), route("/keys", 140_000)], 135_300);
    expect([login!.within, keys!.within]).toEqual([false, true]);
  });
});
