import path from "node:path";
import { existsSync } from "node:fs";

/**
 * PGlite keeps no OS lock on its directory, but it writes `postmaster.pid` while a process has
 * the database open and removes it on a clean close. Its presence means the console (or another
 * tool) has the directory open — or that one stopped without closing it.
 */
export function pgliteInUse(dir: string): boolean {
  return existsSync(path.join(dir, "postmaster.pid"));
}
