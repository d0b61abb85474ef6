/**
 * npm run audit:verify — walks the audit log's keyed hash chain and reports what is wrong.
 *
 *   npm run audit:verify                                  keys and links only
 *   npm run audit:verify -- --stream a.log b.log          …and the heads the consoles logged
 *   docker logs keyward 2>&1 | npm run audit:verify -- --stream -      (stdin)
 *
 * The stream is the consoles' log output (stdout: JSON lines, mixed with anything else); the
 * `audit.head` lines of every instance are read, the rest ignored. Only the stream shows the
 * newest events deleted. The chain key comes from KEYWARD_SECRET, or else from the data
 * directory's `secret` file that `npm start` writes.
 *
 * Reads DATABASE_URL (PostgreSQL) or else the PGlite directory `$KEYWARD_DATA_DIR/pglite`
 * (default `.data/pglite`). PGlite admits one process per directory: stop the console
 * (`npm start`) before running this against it; a directory in use is refused (`-- --force`
 * overrides after an unclean stop). Exit codes: 0 intact, 1 broken, 2 could not run.
 */
import path from "node:path";
import { existsSync, readFileSync } from "node:fs";
import { openDatabase, type DatabaseHandle } from "@/lib/db/client";
import { describeChainBreak } from "@/lib/audit/verify-report";
import { headsIn, type ChainHead } from "@/lib/audit/head-log";
import { chainKey } from "@/lib/audit/hash";
import { pgliteInUse } from "./pglite-lock";

async function open(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL || undefined;
  if (url) return openDatabase({ url });
  const dir = path.join(dataDir(), "pglite");
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

const dataDir = () => path.resolve(process.env.KEYWARD_DATA_DIR ?? ".data");

function consoleSecret(): string {
  if (process.env.KEYWARD_SECRET) return process.env.KEYWARD_SECRET;
  const file = path.join(dataDir(), "secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  throw new Error(
    "the chain key comes from the console secret: set KEYWARD_SECRET as the console has it (or KEYWARD_DATA_DIR to the directory holding `secret`).",
  );
}

/** The files after --stream (up to the next option); "-" is stdin. Null without --stream. */
function streamSources(args: string[]): string[] | null {
  const at = args.indexOf("--stream");
  if (at < 0) return null;
  const files: string[] = [];
  for (const arg of args.slice(at + 1)) {
    if (arg.startsWith("--")) break;
    files.push(arg);
  }
  return files.length ? files : ["-"];
}

async function readStream(sources: string[]): Promise<{ heads: ChainHead[]; malformed: number }> {
  const texts: string[] = [];
  for (const source of sources) {
    if (source !== "-") {
      texts.push(readFileSync(source, "utf8"));
      continue;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    texts.push(Buffer.concat(chunks).toString("utf8"));
  }
  const parsed = texts.map(headsIn);
  return { heads: parsed.flatMap((p) => p.heads), malformed: parsed.reduce((n, p) => n + p.malformed, 0) };
}

const range = (f: { id: number; toId?: number }) =>
  f.toId !== undefined ? `events ${f.id}–${f.toId}` : `event ${f.id}`;

async function main(): Promise<number> {
  let handle: DatabaseHandle;
  let key: Buffer;
  let stream: { heads: ChainHead[]; malformed: number } | null;
  try {
    key = chainKey(consoleSecret());
    const sources = streamSources(process.argv.slice(2));
    stream = sources ? await readStream(sources) : null;
    handle = await open();
  } catch (err) {
    console.error(`audit:verify could not start: ${(err as Error).message}`);
    return 2;
  }
  try {
    const report = await describeChainBreak(handle.db, { key, stream: stream?.heads });
    const kinds =
      report.plain > 0
        ? ` (${report.keyed} keyed, ${report.plain} from before the chain was keyed, with a plain SHA-256 anyone can recompute)`
        : "";
    const streamNote = stream
      ? `Log stream: ${stream.heads.length} heads read${stream.malformed ? `, ${stream.malformed} malformed audit.head lines skipped` : ""}.`
      : "No log stream given (--stream): the newest events deleted would go unnoticed; only the logged heads show that.";
    if (report.ok) {
      console.log(`OK: ${report.checked} events verified${kinds}`);
      console.log(streamNote);
      return 0;
    }
    const b = report.break;
    console.log(`BROKEN at event ${b.id} (${b.at ?? "unknown time"}, ${b.action || "unknown action"}): ${b.reason}.`);
    console.log(`${report.checked} events before it verified.`);
    console.log(`Findings (${report.findings.length}):`);
    for (const f of report.findings) console.log(`  ${f.kind}: ${range(f)}: ${f.reason}.`);
    if (report.findings.some((f) => f.kind === "recomputed"))
      console.log(
        "  The hashes were recomputed without the chain key: every event from the first one listed fails the keyed check.",
      );
    console.log(streamNote);
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
