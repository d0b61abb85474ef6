import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { rowsOf } from "@/test/support/databases";

/**
 * Seeds a benchmark inventory with set-based SQL (generate_series): one big team and noise teams,
 * keys spread at random over five vendors, twenty connections, fifty owners, every status, two
 * years of issue dates, expiries from 100 days ago to 300 days ahead (15% never), and names drawn
 * from the words real pipelines use. The keys table's secondary indexes are dropped for the load and
 * rebuilt after, as one would for a bulk import.
 */

const VENDORS = ["panos", "expedition", "xsiam", "trend", "rancher"];
const WORDS = ["ci", "deploy", "backup", "monitoring", "terraform", "ansible", "grafana", "splunk", "soar", "sync"];
const ENVS = ["prod", "staging", "dev", "lab"];

export interface BenchTeam {
  teamId: string;
  ownerIds: string[];
  connectionIds: string[];
}

async function createTeam(db: Db, name: string, owners: number): Promise<BenchTeam> {
  const [team] = rowsOf<{ id: string }>(await db.execute(sql`insert into teams (name) values (${name}) returning id`));
  const ownerIds = rowsOf<{ id: string }>(
    await db.execute(
      sql`insert into users (email, name) select ${name} || '-owner-' || g || '@example.com', 'Owner ' || g from generate_series(1, ${owners}) g returning id`,
    ),
  ).map((r) => r.id);
  const connectionIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    const [c] = rowsOf<{ id: string }>(
      await db.execute(sql`insert into connections (team_id, vendor, name, base_url, tls_mode, settings, sealed_secrets)
        values (${team!.id}, ${VENDORS[i % 5]}, ${`${VENDORS[i % 5]} ${i}`}, 'https://127.0.0.1:1', 'system', '{}'::jsonb, 'sealed') returning id`),
    );
    connectionIds.push(c!.id);
  }
  return { teamId: team!.id, ownerIds, connectionIds };
}

function insertKeys(team: BenchTeam, count: number, tag: string) {
  const arr = (xs: string[]) => sql.raw(`array[${xs.map((x) => `'${x}'`).join(",")}]`);
  // Independent random draws per column: no accidental link between, say, a connection and a name.
  return sql`insert into keys (team_id, connection_id, vendor, name, vendor_key_id, scope, status, fingerprint, last_four, meta, issued_by, approved_by, issued_at, expires_at)
    select ${team.teamId}::uuid,
      (${arr(team.connectionIds)}::uuid[])[1 + c],
      (${arr(VENDORS)})[1 + c % 5],
      (${arr(WORDS)})[1 + w] || '-' || (${arr(ENVS)})[1 + e] || '-' || g,
      ${tag} || '-' || g,
      '["superuser"]'::jsonb,
      case when h < 70 then 'active' when h < 80 then 'inactive' when h < 88 then 'revoked' when h < 95 then 'expired' else 'drifted' end,
      md5(g::text) || md5((g + 1)::text),
      right(md5((g * 3)::text), 4),
      '{}'::jsonb,
      (${arr(team.ownerIds)}::uuid[])[1 + o],
      case when ra < 0.5 then (${arr(team.ownerIds)}::uuid[])[1] end,
      now() - make_interval(secs => floor(ri * 63072000)),
      case when rn < 0.15 then null else now() + make_interval(secs => floor(re * 34560000) - 8640000) end
    from (
      select g, floor(random() * 20)::int as c, floor(random() * 10)::int as w, floor(random() * 4)::int as e, floor(random() * 100)::int as h,
        floor(random() * ${team.ownerIds.length})::int as o, random() as ra, random() as ri, random() as rn, random() as re
      from generate_series(1, ${count}) g
    ) s`;
}

export async function seedBenchKeys(
  db: Db,
  mainCount: number,
  noiseTeams: number,
  noiseCount: number,
): Promise<BenchTeam> {
  const defs = rowsOf<{ indexdef: string; indexname: string }>(
    await db.execute(
      sql`select indexname, indexdef from pg_indexes where tablename = 'keys' and indexname <> 'keys_pkey'`,
    ),
  );
  for (const d of defs) await db.execute(sql.raw(`drop index "${d.indexname}"`));
  const main = await createTeam(db, "bench", 50);
  await db.execute(insertKeys(main, mainCount, "main"));
  for (let i = 0; i < noiseTeams; i++)
    await db.execute(insertKeys(await createTeam(db, `noise${i}`, 10), noiseCount, `noise${i}`));
  for (const d of defs) await db.execute(sql.raw(d.indexdef));
  // As autovacuum would after a bulk load: statistics, and a visibility map for index-only scans.
  await db.execute(sql`vacuum analyze keys`);
  return main;
}
