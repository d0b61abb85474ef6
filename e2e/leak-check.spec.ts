import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E } from "./support/server-config";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const p = path.join(dir, entry);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

async function stopConsole(): Promise<void> {
  const pid = Number(readFileSync(E2E.pidFile, "utf8"));
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("The console did not stop within 10 s");
}

test("no minted secret reaches the database, the data directory or the server log", async () => {
  test.setTimeout(120_000);
  expect(existsSync(E2E.secretsFile), "the journeys recorded the secrets they saw").toBe(true);
  const secrets = JSON.parse(readFileSync(E2E.secretsFile, "utf8")) as string[];
  expect(secrets.length).toBeGreaterThan(0);
  await stopConsole();

  // Every row of every table, as text.
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create(path.join(E2E.dataDir, "pglite"));
  const tables = await db.query<{ name: string }>(
    "select table_schema || '.' || table_name as name from information_schema.tables where table_schema in ('public','drizzle')",
  );
  expect(tables.rows.map((t) => t.name)).toContain("public.keys");
  let dump = "";
  for (const { name } of tables.rows) {
    const rows = await db.query(`select * from ${name}`);
    dump += JSON.stringify(rows.rows);
  }
  await db.close();
  expect(dump).toContain("key.issue");

  const log = readFileSync(E2E.logFile, "utf8");
  expect(log).toContain("Keyward is starting");
  const rawFiles = filesUnder(E2E.dataDir).map((f) => ({
    path: path.relative(E2E.dataDir, f),
    bytes: readFileSync(f),
  }));
  // One assertion over every finding: an expect per file and secret is tens of thousands of steps.
  const leaks: string[] = [];
  secrets.forEach((secret, i) => {
    if (dump.includes(secret)) leaks.push(`secret #${i} in a database row`);
    if (log.includes(secret)) leaks.push(`secret #${i} in the server log`);
    for (const file of rawFiles) if (file.bytes.includes(secret)) leaks.push(`secret #${i} in ${file.path}`);
  });
  expect(rawFiles.length).toBeGreaterThan(10);
  expect(leaks).toEqual([]);
});
