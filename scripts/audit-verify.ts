/**
 * npm run audit:verify — walks the audit log's hash chain and reports the first break.
 *
 * Reads DATABASE_URL (PostgreSQL) or else the PGlite directory `$KEYWARD_DATA_DIR/pglite`
 * (default `.data/pglite`). PGlite admits one process per directory: stop the console
 * (`npm start`) before running this against it; a directory in use is refused (`-- --force`
 * overrides after an unclean stop). Exit codes: 0 intact, 1 broken, 2 could not run.
 */
import path from "node:path";
import { existsSync } from "node:fs";
import { openDatabase, type DatabaseHandle } from "@/lib/db/client";
import { describeChainBreak } from "@/lib/audit/verify-report";
import { pgliteInUse } from "./pglite-lock";

async function open(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL || undefined;
  if (url) return openDatabase({ url });
  const dir = path.join(path.resolve(process.env.KEYWARD_DATA_DIR ?? ".data"), "pglite");
  if (!existsSync(dir))
    throw new Error(
      `No database at ${dir}. Set KEYWARD_DATA_DIR to the console's data directory, or DATABASE_URL for PostgreSQL.`,
    );
  if (pgliteInUse(dir) && !process.argv.includes("--force")) {
    throw new Error(
      `The PGlite database at ${dir} is locked: the console (or another tool) has it open. ` +
        "PGlite admits one process at a time, so stop the console (Ctrl-C in the terminal running `npm start`), " +
        "then run `npm run audit:verify` again. If no console is running and it stopped uncleanly, run `npm run audit:verify -- --force`.",
    );
  }
  return openDatabase({ dataDir: dir });
}

async function main(): Promise<number> {
  let handle: DatabaseHandle;
  try {
    handle = await open();
  } catch (err) {
    console.error(`audit:verify could not open the database: ${(err as Error).message}`);
    return 2;
  }
  try {
    const report = await describeChainBreak(handle.db);
    if (report.ok) {
      console.log(`OK: ${report.checked} events verified`);
      return 0;
    }
    const b = report.break;
    console.log(`BROKEN at event ${b.id} (${b.at ?? "unknown time"}, ${b.action || "unknown action"}): ${b.reason}.`);
    console.log(`${report.checked} events before it verified.`);
    return 1;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`audit:verify failed: ${err.name}: ${err.message}`);
    process.exit(2);
  },
);
