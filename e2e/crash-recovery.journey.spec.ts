import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, openSync, readFileSync } from "node:fs";
import https from "node:https";
import net from "node:net";
import path from "node:path";
import { createInterface, type Interface } from "node:readline";
import { expect, test, type Page } from "@playwright/test";
import { E2E } from "./support/server-config";

// The crash test, for real (issue #12): a console of its own, as a separate process, is killed
// with SIGKILL while mints are in flight on every vendor (vendor latency injected on the
// emulators, so the vendor finishes its work after the console is gone), then started again; its
// recovery sweep runs at start-up. Afterwards no vendor key may exist without a Keyward record (or
// an "undelivered — retire by hand" flag where the vendor cannot revoke), no record without its
// vendor key, and no attempt unsettled. crash-rig.ts holds the emulators and referees.

/** A port nobody listens on now (other checkouts run consoles on this machine too). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const CRASH = {
  dataDir: path.join(E2E.root, "test-results", "crash-data"),
  logFile: path.join(E2E.root, "test-results", "crash-console.log"),
  secret: randomBytes(32).toString("base64url"),
};
// Set when the test starts.
let port = 0;
let url = "";
const LATENCY_MS = 1_500;
const MINT_FOR_MS = 5_000;

/** `recoverAfterSeconds`: the default while consoles may be minting; short only for the restart after the kill. */
const baseEnv = (recoverAfterSeconds = 300): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KEYWARD_DATA_DIR: CRASH.dataDir,
    KEYWARD_SECRET: CRASH.secret,
    KEYWARD_URL: url,
    NEXTAUTH_URL: url,
    NEXT_TELEMETRY_DISABLED: "1",
    KEYWARD_ADMIN_EMAIL: E2E.adminEmail,
    KEYWARD_ADMIN_PASSWORD: E2E.adminPassword,
    KEYWARD_RECOVER_AFTER_SECONDS: String(recoverAfterSeconds),
    KEYWARD_RECOVER_EVERY_SECONDS: "5",
    KEYWARD_RECONCILE_MINUTES: "0",
  };
  for (const name of ["DATABASE_URL", "KEYWARD_OIDC_ISSUER", "KEYWARD_OIDC_CLIENT_ID", "KEYWARD_OIDC_CLIENT_SECRET"])
    delete env[name];
  return env;
};

interface Rig {
  child: ChildProcess;
  lines: Interface;
  ready: { emulators: Array<{ vendor: string; url: string }>; ca: string };
}

function nextLine(lines: Interface, prefix: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${prefix}" line within ${timeoutMs} ms`)), timeoutMs);
    const onLine = (line: string) => {
      if (!line.startsWith(prefix)) return;
      clearTimeout(timer);
      lines.off("line", onLine);
      resolve(line.slice(prefix.length));
    };
    lines.on("line", onLine);
  });
}

async function startRig(): Promise<Rig> {
  const tsx = path.join(E2E.root, "node_modules", "tsx", "dist", "cli.mjs");
  const child = spawn(
    process.execPath,
    [tsx, "--conditions=react-server", path.join(E2E.root, "e2e", "support", "crash-rig.ts")],
    { cwd: E2E.root, env: baseEnv(), stdio: ["pipe", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout! });
  const ready = JSON.parse(await nextLine(lines, "READY ", 90_000)) as Rig["ready"];
  return { child, lines, ready };
}

/** `next start` in a process group of its own, so SIGKILL takes the whole server at once. */
async function startConsole(recoverAfterSeconds?: number): Promise<ChildProcess> {
  const log = openSync(CRASH.logFile, "a");
  const next = path.join(E2E.root, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [next, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: E2E.root,
    env: baseEnv(recoverAfterSeconds),
    stdio: ["ignore", log, log],
    detached: true,
  });
  let exited = false;
  child.once("exit", () => (exited = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the crash console exited during start; see ${CRASH.logFile}`);
    const ok = await fetch(`${url}/login`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the crash console did not answer within 60 s; see ${CRASH.logFile}`);
}

async function stopConsole(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  process.kill(-child.pid!, signal);
  await exited;
}

function setFaults(emulatorUrl: string, ca: string, faults: object | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${emulatorUrl}/__emulator/faults`,
      { method: faults ? "POST" : "DELETE", ca, headers: { "content-type": "application/json" } },
      (res) => {
        res.resume();
        res.on("end", () => resolve());
      },
    );
    req.on("error", reject);
    req.end(faults ? JSON.stringify(faults) : undefined);
  });
}

interface Verdict {
  orphans: string[];
  ghosts: string[];
  unsettled: string[];
  settled: Record<string, Record<string, number>>;
  recorded: number;
}

/** The rig compares every vendor with the database; the console must be stopped. */
async function check(rig: Rig): Promise<Verdict> {
  rig.child.stdin!.write("check\n");
  return JSON.parse(await nextLine(rig.lines, "RESULT ", 60_000)) as Verdict;
}

async function signInTo(page: Page): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel("Email").fill(E2E.adminEmail);
  await page.getByLabel("Password").fill(E2E.adminPassword);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
}

test("a console killed mid-mint on every vendor leaves no orphaned vendor key and no record without a key", async ({
  page,
}) => {
  test.setTimeout(175_000);
  const t0 = Date.now();
  const mark = (what: string) =>
    test
      .info()
      .annotations.push({ type: "timing", description: `${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s` });
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
  mkdirSync(path.dirname(CRASH.logFile), { recursive: true });
  const rig = await startRig();
  let consoleProcess: ChildProcess | null = null;
  try {
    const ca = readFileSync(rig.ready.ca, "utf8");
    mark("rig ready");
    consoleProcess = await startConsole();
    await signInTo(page);
    mark("signed in");

    const { connections } = (await (await page.request.get(`${url}/api/connections`)).json()) as {
      connections: Array<{ id: string; vendor: string }>;
    };
    const idOf = (vendor: string) => connections.find((c) => c.vendor === vendor)!.id;
    const trendRoles = (await (await page.request.get(`${url}/api/connections/${idOf("trend")}/roles`)).json()) as {
      roles: Array<{ id: string }>;
    };
    const in30Days = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const kinds: Record<string, (n: number) => object> = {
      panos: (n) => ({ connectionId: idOf("panos"), name: `crash-${n}`, scope: ["api-readonly"], fields: {} }),
      "panos (own account)": (n) => ({ connectionId: idOf("panos"), name: `crash-own-${n}`, scope: [], fields: {} }),
      expedition: (n) => ({ connectionId: idOf("expedition"), name: `crash-${n}`, scope: [], fields: {} }),
      xsiam: (n) => ({
        connectionId: idOf("xsiam"),
        name: `crash-${n}`,
        scope: ["Investigator"],
        securityLevel: "standard",
        expiresAt: in30Days,
        fields: {},
      }),
      trend: (n) => ({
        connectionId: idOf("trend"),
        name: `crash-${n}`,
        scope: [trendRoles.roles[0]!.id],
        expiresAt: in30Days,
        fields: {},
      }),
      rancher: (n) => ({ connectionId: idOf("rancher"), name: `crash-${n}`, scope: ["1a5"], fields: {} }),
    };

    // Every vendor answers slowly, so mints are in flight on each when the console dies.
    for (const e of rig.ready.emulators) await setFaults(e.url, ca, { latencyMs: LATENCY_MS });
    const outcomes: Array<Promise<"answered" | "no answer">> = [];
    let n = 0;
    const started = Date.now();
    while (Date.now() - started < MINT_FOR_MS) {
      for (const [kind, body] of Object.entries(kinds)) {
        const call = page.request.post(`${url}/api/keys`, {
          headers: { Origin: url },
          data: { ...body(++n), reason: `crash test (${kind})` },
          timeout: 60_000,
        });
        outcomes.push(
          call.then(
            () => "answered" as const,
            () => "no answer" as const,
          ),
        );
      }
      await new Promise((r) => setTimeout(r, 700));
    }
    await stopConsole(consoleProcess, "SIGKILL");
    const settledCalls = await Promise.all(outcomes);
    mark("killed");
    const cut = settledCalls.filter((o) => o === "no answer").length;
    expect(cut, "the kill cut mints off mid-flight").toBeGreaterThan(5);

    // Let the vendors finish what the dead console asked of them, then serve at full speed again.
    await new Promise((r) => setTimeout(r, LATENCY_MS + 2_500));
    for (const e of rig.ready.emulators) await setFaults(e.url, ca, null);

    // Before the sweep the referee must see the damage the kill did, or its verdict later means nothing.
    const before = await check(rig);
    expect(before.unsettled.length, "attempts the dead console left").toBeGreaterThan(0);
    expect(before.orphans.length, "vendor keys the dead console left without a record").toBeGreaterThan(0);

    // No console is minting now, so the restarted one may treat attempts as stale after 2 s.
    consoleProcess = await startConsole(2);
    // The start-up sweep tells the requester about each attempt it settled; wait until it is done.
    const notices = async () => {
      const res = await page.request.get(`${url}/api/notifications`);
      const body = (await res.json()) as { notifications: Array<{ message: string }> };
      return body.notifications.filter((x) => x.message.startsWith("The console stopped while issuing")).length;
    };
    let last = -1;
    let stableSince = Date.now();
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const count = await notices();
      if (count !== last) [last, stableSince] = [count, Date.now()];
      if (count >= cut || (count > 0 && Date.now() - stableSince > 6_000)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    mark(`swept (${last} notices, ${cut} calls cut off)`);
    expect(last, "the sweep settled the interrupted attempts").toBeGreaterThan(0);

    // Where the vendor cannot revoke, admins see it where they look first.
    await page.goto(`${url}/`);
    await expect(page.getByRole("heading", { name: /Undelivered — retire by hand: \d+/ })).toBeVisible();

    await stopConsole(consoleProcess, "SIGTERM");
    const result = await check(rig);
    mark("checked");
    test.info().annotations.push({ type: "settled", description: JSON.stringify(result.settled) });
    expect(result.orphans, "vendor keys without a Keyward record or flag").toEqual([]);
    expect(result.ghosts, "Keyward records without a vendor key").toEqual([]);
    expect(result.unsettled, "attempts left unsettled").toEqual([]);
    // The kill landed mid-mint on every vendor, and the sweep settled what it left.
    for (const vendor of ["panos", "expedition", "xsiam", "trend", "rancher"]) {
      const how = Object.keys(result.settled[vendor] ?? {});
      expect(
        how.some((h) => h.startsWith("interrupted_")),
        `${vendor}: ${JSON.stringify(result.settled[vendor])}`,
      ).toBe(true);
    }
    // At least one vendor key created after the console died was found and revoked.
    expect(Object.values(result.settled).some((s) => (s.interrupted_revoked ?? 0) > 0)).toBe(true);
  } finally {
    if (consoleProcess) await stopConsole(consoleProcess, "SIGKILL").catch(() => undefined);
    rig.child.kill("SIGTERM");
  }
});
