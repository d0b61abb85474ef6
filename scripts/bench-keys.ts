// npm run bench:keys – seeds 1,000,000 keys into PostgreSQL (and 50,000 into PGlite), times the
// inventory queries and writes p50/p95 under "keys" in bench/results.json (other keys kept).
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { openDatabase, type DatabaseHandle, type Db } from "@/lib/db/client";
import { rowsOf } from "@/test/support/databases";
import { keyListSelect, listKeyPage, type KeyViewer } from "@/lib/keys/list-keys";
import { encodeCursor, parseKeyListQuery, type KeyListQuery } from "@/lib/keys/list-query";
import { EXPORT_BATCH } from "@/lib/keys/export-csv";
import { keysDashboard } from "@/lib/keys/dashboard";
import { seedBenchKeys } from "./bench-keys-seed";
import { commitInfo, loadAvgNow, machineInfo, onServer, RESULTS_FILE, writeResultsSection } from "./bench-server";

const SERVER = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const PG_KEYS = Number(process.env.BENCH_KEYS ?? 1_000_000);
const PGLITE_KEYS = Number(process.env.BENCH_PGLITE_KEYS ?? 50_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const TARGET_P95_MS = 50;

interface Scenario {
  name: string;
  query: KeyListQuery;
  viewer: KeyViewer;
}

interface Measured {
  p50: number;
  p95: number;
  rows: number;
  indexes: string[];
  seqScanOnKeys: boolean;
}

const admin = (statement: string) => onServer(SERVER, statement);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (n: number) => Math.round(n * 100) / 100;

/** The plan the engine picks for the page query with these very parameters. */
async function explain(db: Db, teamId: string, s: Scenario): Promise<string> {
  const { select } = keyListSelect(db, teamId, s.viewer, s.query, new Date());
  const { sql: text, params } = select.toSQL();
  const client = (
    db as unknown as {
      $client: { query(text: string, params: unknown[]): Promise<{ rows: Array<Record<string, string>> }> };
    }
  ).$client;
  const result = await client.query(`explain ${text}`, params);
  return result.rows.map((r) => Object.values(r)[0]).join("\n");
}

async function measure(db: Db, teamId: string, s: Scenario): Promise<Measured> {
  const plan = await explain(db, teamId, s);
  let rows = 0;
  for (let i = 0; i < 10; i++) rows = (await listKeyPage(db, teamId, s.viewer, s.query)).keys.length;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await listKeyPage(db, teamId, s.viewer, s.query);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const indexes = [
    ...new Set([...plan.matchAll(/(?:Scan(?: Backward)? using|Bitmap Index Scan on) (keys_\w+)/g)].map((m) => m[1]!)),
  ];
  return {
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    rows,
    indexes,
    seqScanOnKeys: /Seq Scan on keys/.test(plan),
  };
}

async function timeDashboard(db: Db, teamId: string, viewer: KeyViewer): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await keysDashboard(db, teamId, viewer);
  const times: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 50); i++) {
    const t0 = performance.now();
    await keysDashboard(db, teamId, viewer);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)) };
}

async function runEngine(handle: DatabaseHandle, count: number): Promise<Record<string, unknown>> {
  const db = handle.db;
  const t0 = performance.now();
  const team = await seedBenchKeys(db, count, 2, Math.round(count / 10));
  const seedSeconds = round((performance.now() - t0) / 1000);
  console.log(`[bench:keys] ${handle.kind}: seeded ${count} keys (+ noise) in ${seedSeconds}s`);
  const adminViewer: KeyViewer = { userId: team.ownerIds[0]!, seesAll: true };
  const memberViewer: KeyViewer = { userId: team.ownerIds[7]!, seesAll: false };
  const q = (p: Record<string, string>) => parseKeyListQuery(p);
  // A cursor half way down the list, as if someone had pressed "Next" many thousand times.
  const [mid] = rowsOf<{ v: string; id: string }>(
    await db.execute(
      sql`select issued_at::text as v, id from keys where team_id = ${team.teamId} order by issued_at desc, id desc offset ${Math.floor(count / 2)} limit 1`,
    ),
  );
  const deep = encodeCursor({ s: "issued", d: "desc", v: mid!.v, id: mid!.id });
  const scenarios: Scenario[] = [
    { name: "firstPage", query: q({}), viewer: adminViewer },
    { name: "deepPage", query: q({ cursor: deep }), viewer: adminViewer },
    { name: "filteredPage", query: q({ vendor: "xsiam", status: "active" }), viewer: adminViewer },
    { name: "expiringSoon", query: q({ expiringWithinDays: "30", sort: "expires" }), viewer: adminViewer },
    { name: "connectionByName", query: q({ connectionId: team.connectionIds[3]!, sort: "name" }), viewer: adminViewer },
    { name: "nameSearch", query: q({ q: "terraform-prod-12", sort: "name" }), viewer: adminViewer },
    { name: "memberOwnKeys", query: q({}), viewer: memberViewer },
    { name: "exportBatch", query: { ...q({ cursor: deep }), limit: EXPORT_BATCH }, viewer: adminViewer },
  ];
  const results: Record<string, unknown> = { keys: count, seedSeconds };
  for (const s of scenarios) {
    const m = await measure(db, team.teamId, s);
    results[s.name] = m;
    const flag = handle.kind === "postgres" && m.p95 >= TARGET_P95_MS ? "  ABOVE TARGET" : "";
    console.log(
      `[bench:keys] ${handle.kind} ${s.name.padEnd(17)} p50 ${m.p50} ms  p95 ${m.p95} ms  rows ${m.rows}  via ${m.indexes.join(", ") || "?"}${m.seqScanOnKeys ? "  SEQ SCAN ON KEYS" : ""}${flag}`,
    );
  }
  results.dashboard = await timeDashboard(db, team.teamId, adminViewer);
  console.log(`[bench:keys] ${handle.kind} dashboard         ${JSON.stringify(results.dashboard)}`);
  return results;
}

async function main(): Promise<void> {
  const loadAvgAtStart = loadAvgNow();
  const out: Record<string, unknown> = {
    measuredAt: new Date().toISOString(),
    commit: commitInfo(),
    runsPerScenario: RUNS,
    targetP95Ms: TARGET_P95_MS,
  };
  const name = `keyward_bench_keys_${process.pid}`;
  await admin(`drop database if exists ${name}`);
  await admin(`create database ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  try {
    const pg = await openDatabase({ url: url.toString() });
    try {
      out.postgres = await runEngine(pg, PG_KEYS);
    } finally {
      await pg.close();
    }
  } finally {
    await admin(`drop database if exists ${name}`);
  }
  const lite = await openDatabase({ dataDir: "memory://" });
  try {
    out.pglite = await runEngine(lite, PGLITE_KEYS);
  } finally {
    await lite.close();
  }
  writeResultsSection("keys", { ...out, machine: machineInfo(loadAvgAtStart) });
  const slow = Object.entries(out.postgres as Record<string, unknown>).filter(
    ([, v]) => typeof v === "object" && v !== null && "p95" in v && (v as Measured).p95 >= TARGET_P95_MS,
  );
  console.log(
    `[bench:keys] wrote "keys" into ${RESULTS_FILE}; PostgreSQL scenarios above ${TARGET_P95_MS} ms p95: ${slow.map(([k]) => k).join(", ") || "none"}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
