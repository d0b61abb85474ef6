/**
 * Prints every BFF route's handlers and the settings endpoint() carries, as JSON — read from the
 * route modules themselves (not their source text), so the permission matrix checks what runs.
 * Run with `tsx --conditions=react-server` (route modules are server-only).
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

export interface RouteHandlerSettings {
  route: string;
  method: string;
  /** endpoint()'s settings, or null for a handler that did not come from endpoint(). */
  settings: { access: string; permission?: string; options: string[] } | null;
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === "route.ts" ? [full] : [];
  });
}

async function main() {
  const apiDir = path.resolve(__dirname, "..", "..", "app", "api");
  const out: RouteHandlerSettings[] = [];
  for (const file of routeFiles(apiDir).sort()) {
    const route = path.relative(apiDir, path.dirname(file)).split(path.sep).join("/");
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const method of METHODS) {
      const handler = mod[method];
      if (typeof handler !== "function") continue;
      const settings = (handler as { settings?: { access: string; permission?: string } }).settings;
      out.push({
        route,
        method,
        settings: settings
          ? { access: settings.access, permission: settings.permission, options: Object.keys(settings) }
          : null,
      });
    }
  }
  process.stdout.write(JSON.stringify(out));
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
