import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net, { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { testTls } from "@/test/support/tls";
import type { Db } from "@/lib/db/client";
import { auditEvents, memberships, teams, users } from "@/lib/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { recordAuditAlone } from "../record";
import { streamAuditEvents } from "./run";
import { createStream, createStreamBodySchema, listStreams } from "./streams";

// Audit streaming into a real rsyslogd (imtcp with the gnutls stream driver, octet-counted
// RFC 5424 over TLS), stopped while the stream runs and started again: every event arrives, in
// order, with nothing missing. Without rsyslogd the test skips, except under CI where it fails.

const RSYSLOGD = ["/usr/sbin/rsyslogd", "/sbin/rsyslogd"].find((p) => existsSync(p));
const GTLS = ["/usr/lib/x86_64-linux-gnu/rsyslog", "/usr/lib/aarch64-linux-gnu/rsyslog", "/usr/lib/rsyslog"].some((d) =>
  existsSync(path.join(d, "lmnsd_gtls.so")),
);
const MISSING = "rsyslogd with its TLS module is not installed: run .ci/run or apt-get install rsyslog rsyslog-gnutls";
const usable = Boolean(RSYSLOGD) && GTLS;

if (!usable && process.env.CI === "true")
  describe("rsyslog", () => {
    it("needs rsyslogd under CI", () => {
      throw new Error(MISSING);
    });
  });
if (!usable && process.env.CI !== "true") console.warn(`Skipping the rsyslog test: ${MISSING}`);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });

/** An rsyslogd of the test's own: config, pid file, work dir and output under a temp dir, TLS on `port`. */
function rsyslog(dir: string, port: number, tls: { caPem: string; certPem: string; keyPem: string }) {
  const received = path.join(dir, "received.log");
  const pidFile = path.join(dir, "rsyslogd.pid");
  const conf = path.join(dir, "rsyslog.conf");
  mkdirSync(path.join(dir, "work"), { recursive: true });
  writeFileSync(path.join(dir, "ca.pem"), tls.caPem);
  writeFileSync(path.join(dir, "cert.pem"), tls.certPem);
  writeFileSync(path.join(dir, "key.pem"), tls.keyPem, { mode: 0o600 });
  writeFileSync(
    conf,
    `global(
  workDirectory="${dir}/work"
  maxMessageSize="64k"
  defaultNetstreamDriver="gtls"
  defaultNetstreamDriverCAFile="${dir}/ca.pem"
  defaultNetstreamDriverCertFile="${dir}/cert.pem"
  defaultNetstreamDriverKeyFile="${dir}/key.pem"
)
module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")
input(type="imtcp" address="127.0.0.1" port="${port}")
# The whole message as received (after the octet count), one a line.
template(name="whole" type="string" string="%rawmsg%\\n")
action(type="omfile" file="${received}" template="whole")
`,
  );
  let child: ChildProcess | null = null;
  let output = "";
  return {
    /** Each line the receiver wrote, whole. */
    lines: () => (existsSync(received) ? readFileSync(received, "utf8").split("\n").filter(Boolean) : []),
    async start(): Promise<void> {
      rmSync(pidFile, { force: true });
      child = spawn(RSYSLOGD!, ["-n", "-f", conf, "-i", pidFile], { stdio: ["ignore", "pipe", "pipe"] });
      child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
      child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
      await until(`rsyslogd to listen on ${port} (${output})`, () => listening(port));
    },
    async stop(): Promise<void> {
      const c = child;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise<void>((r) => c.once("exit", () => r()));
      c.kill("SIGTERM");
      await exited;
      child = null;
    },
  };
}

const ID = /\[keyward@32473 id="(\d+)" hash="([0-9a-f]+)"/;

describe.runIf(usable).each(databaseEngines().slice(0, 1))("audit streaming into rsyslogd on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let admin: Actor;
  let dir: string;
  let port: number;
  let receiver: ReturnType<typeof rsyslog>;
  const settings = { hostname: "keyward.test" };

  beforeAll(async () => {
    expect(spawnSync(RSYSLOGD!, ["-v"]).status).toBe(0);
    handle = await engine.open();
    db = handle.db;
    const [team] = await db.insert(teams).values({ name: "SIEM" }).returning();
    const [user] = await db.insert(users).values({ email: "admin@example.com", name: "Admin" }).returning();
    await db.insert(memberships).values({ teamId: team!.id, userId: user!.id, role: "admin" });
    admin = { user: { id: user!.id, email: user!.email }, team: { id: team!.id, role: "admin" } };
    dir = mkdtempSync(path.join(tmpdir(), "keyward-rsyslog-"));
    port = await freePort();
    receiver = rsyslog(dir, port, await testTls());
  }, 60_000);
  afterAll(async () => {
    await receiver?.stop();
    await handle?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  let n = 0;
  const events = async (count: number) => {
    for (let i = 0; i < count; i++) {
      n++;
      await recordAuditAlone(db, {
        teamId: admin.team.id,
        actor: admin.user,
        action: "key.issue",
        target: { type: "key", id: `k${n}` },
        outcome: "success",
        detail: { n, note: 'quotes " and ] and é' },
      });
    }
  };
  const teamEvents = () =>
    db.select().from(auditEvents).where(eq(auditEvents.teamId, admin.team.id)).orderBy(asc(auditEvents.id));
  /** Received ids in arrival order, with at-least-once repeats of the same id collapsed. */
  const arrived = () => {
    const ids = receiver.lines().map((l) => Number(ID.exec(l)?.[1] ?? NaN));
    return ids.filter((id, i) => i === 0 || id !== ids[i - 1]);
  };

  it("gets every event in order, with no gaps, across a stop and a restart of rsyslogd", async () => {
    await receiver.start();
    await events(5);
    await createStream(
      db,
      admin,
      createStreamBodySchema.parse({
        name: "rsyslog",
        host: "localhost",
        port,
        caPem: (await testTls()).caPem,
        allowPrivate: true,
      }),
    );
    await streamAuditEvents(db, "a", new Date(), settings);
    let all = await teamEvents();
    await until("the first batch in rsyslog's file", () => arrived().length >= all.length);
    expect(arrived()).toEqual(all.map((e) => e.id));
    // The whole RFC 5424 message, structured data and JSON body included.
    const first = receiver.lines()[0]!;
    expect(first).toMatch(/^<86>1 \S+ keyward\.test keyward - key\.issue \[keyward@32473 id="\d+" hash="[0-9a-f]+"/);
    expect(JSON.parse(first.slice(first.indexOf("\ufeff") + 1))).toMatchObject({
      id: all[0]!.id,
      hash: all[0]!.hash,
      detail: { n: 1, note: 'quotes " and ] and é' },
    });

    await receiver.stop();
    await events(6);
    await streamAuditEvents(db, "a", new Date(), settings);
    let [view] = await listStreams(db, admin.team.id);
    expect(view!.lag).toBe(6);
    expect(view!.lastError).toMatch(/ECONNREFUSED/);

    await receiver.start();
    await events(2);
    await streamAuditEvents(db, "b", new Date(), settings);
    all = await teamEvents();
    await until("the backlog in rsyslog's file", () => arrived().length >= all.length);
    expect(arrived()).toEqual(all.map((e) => e.id));
    [view] = await listStreams(db, admin.team.id);
    expect([view!.lag, view!.lastError]).toEqual([0, null]);
  }, 30_000);
});
