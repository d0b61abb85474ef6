import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { asc, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema";
import { recordAuditAlone } from "@/lib/audit/record";
import { asSuperuserWithoutAuditTriggers } from "@/test/support/audit";
import { redirectLog } from "@/lib/log";
// Sets KEYWARD_SECRET for this process and the verifier it starts: the chain key comes from it.
import "@/test/support/databases";

// `npm run audit:verify` against a PGlite data directory: OK, the tampered row, and a clear refusal while the console holds it.

const run = promisify(execFile);
const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");

async function verify(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, KEYWARD_DATA_DIR: dataDir, DATABASE_URL: "" };
  try {
    const { stdout, stderr } = await run(tsx, ["--conditions=react-server", "scripts/audit-verify.ts", ...args], {
      env,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function verifyWithStdin(dataDir: string, input: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      tsx,
      ["--conditions=react-server", "scripts/audit-verify.ts", "--stream", "-"],
      { env: { ...process.env, KEYWARD_DATA_DIR: dataDir, DATABASE_URL: "" }, timeout: 60_000 },
      (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout }),
    );
    child.stdin!.end(input);
  });
}

describe("npm run audit:verify", () => {
  let dataDir: string;
  let streamFile: string;
  const open = (): Promise<DatabaseHandle> => openDatabase({ dataDir: path.join(dataDir, "pglite") });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "keyward-verify-"));
    const handle = await open();
    const lines: string[] = [];
    const restore = redirectLog({ write: (line) => void lines.push(line) });
    try {
      for (let n = 1; n <= 5; n++)
        await recordAuditAlone(handle.db, {
          action: n === 3 ? "connection.update" : "key.issue",
          outcome: "success",
          detail: { n },
        });
    } finally {
      restore();
    }
    await handle.close();
    // The console's stdout as a collector keeps it: the JSON lines among plain text.
    streamFile = path.join(dataDir, "console.log");
    writeFileSync(streamFile, `Keyward is starting.\n${lines.join("")}some other line\n`);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("prints OK with the number of events on an intact chain", async () => {
    const result = await verify(dataDir);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: 5 events verified\n/) });
    expect(result.stdout).toContain("the newest events deleted would go unnoticed");
    expect(await verify(dataDir, "--stream", streamFile)).toMatchObject({
      code: 0,
      stdout: "OK: 5 events verified\nLog stream: 5 heads read.\n",
    });
  }, 90_000);

  it("refuses, saying to stop the console, while another process has the directory open", async () => {
    const handle = await open();
    try {
      const result = await verify(dataDir);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("is locked");
      expect(result.stderr).toContain("stop the console");
    } finally {
      await handle.close();
    }
  }, 90_000);

  it("names the edited event by id, time and action and exits 1", async () => {
    const handle = await open();
    const rows = await handle.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
    const third = rows[2]!;
    await asSuperuserWithoutAuditTriggers(handle.db, (tx) =>
      tx.execute(sql`update audit_events set detail = '{"n": 33}' where id = ${third.id}`),
    );
    await handle.close();
    const result = await verify(dataDir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`BROKEN at event ${third.id} (${third.at.toISOString()}, connection.update)`);
    expect(result.stdout).toContain("edited");
    expect(result.stdout).toContain("2 events before it verified");
  }, 90_000);

  it("reports the newest events deleted from the log stream on stdin, which the chain alone cannot show", async () => {
    const handle = await open();
    const rows = await handle.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
    await asSuperuserWithoutAuditTriggers(handle.db, (tx) =>
      tx.execute(sql`delete from audit_events where id >= ${rows[3]!.id}`),
    );
    await handle.close();
    const stdin = await verifyWithStdin(dataDir, readFileSync(streamFile, "utf8"));
    expect(stdin.code).toBe(1);
    expect(stdin.stdout).toContain(`deleted-newest: events ${rows[3]!.id}–${rows[4]!.id}`);
    expect(stdin.stdout).toContain("the newest events were deleted");
  }, 90_000);
});
