import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** One statement on a PostgreSQL server's maintenance connection (create or drop a bench database). */
export async function onServer(serverUrl: string, statement: string): Promise<void> {
  const { Client } = await import("pg");
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const root = path.resolve(__dirname, "..");
export const RESULTS_FILE = path.join(root, "bench", "results.json");

const round2 = (n: number) => Math.round(n * 100) / 100;

/** What a run's numbers depend on, recorded beside them: other work on the machine skews everything, p99 most. */
export function machineInfo(loadAvgAtStart: number[]) {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    memGiB: round2(os.totalmem() / 2 ** 30),
    loadAvgAtStart,
    loadAvgAtEnd: os.loadavg().map(round2),
  };
}

export const loadAvgNow = () => os.loadavg().map(round2);

/** The commit the numbers belong to, with "+dirty" when tracked files other than the results themselves have changes. */
export function commitInfo(): string {
  const head =
    spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).stdout.trim() || "unknown";
  const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results.json"], {
    cwd: root,
    encoding: "utf8",
  }).stdout.trim();
  return dirty ? `${head}+dirty` : head;
}

/** Writes one benchmark's section into bench/results.json, keeping the other benchmarks' sections. */
export function writeResultsSection(section: string, value: unknown): void {
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  const current = existsSync(RESULTS_FILE)
    ? (JSON.parse(readFileSync(RESULTS_FILE, "utf8")) as Record<string, unknown>)
    : {};
  current[section] = value;
  writeFileSync(RESULTS_FILE, JSON.stringify(current, null, 2) + "\n");
}
