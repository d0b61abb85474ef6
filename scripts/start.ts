/**
 * `npm start`: the whole demo in one terminal — the vendor emulators over HTTPS with a CA made
 * on first run, the console on PGlite (or DATABASE_URL), a seeded team — and where to log in.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { pathToFileURL } from "node:url";
import { buildIfNeeded } from "./build-if-needed";
import { scrubText } from "@/lib/log";

const root = path.resolve(__dirname, "..");
const dataDir = path.resolve(root, process.env.KEYWARD_DATA_DIR ?? ".data");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const emulatorBasePort = Number(process.env.KEYWARD_EMULATOR_BASE_PORT ?? 9441);
const demo = process.env.KEYWARD_DEMO !== "0";
const adminEmail = process.env.KEYWARD_ADMIN_EMAIL ?? "admin@keyward.local";

/**
 * How long the PAN-OS emulator's commit jobs run: `KEYWARD_EMULATOR_PANOS_COMMIT_MS=min-max` (ms),
 * else a real firewall's pace. The browser journeys ask for a short one so only the journey
 * that watches a slow commit waits for it (it slows the emulator down through its control endpoint).
 */
function panosCommitDurationMs(fallback: [number, number]): [number, number] {
  const raw = process.env.KEYWARD_EMULATOR_PANOS_COMMIT_MS;
  if (!raw) return fallback;
  const m = /^(\d+)-(\d+)$/.exec(raw.trim());
  if (!m || Number(m[2]) < Number(m[1]))
    throw new Error(`KEYWARD_EMULATOR_PANOS_COMMIT_MS must look like 10000-30000, not "${raw}".`);
  return [Number(m[1]), Number(m[2])];
}

function consoleSecret(): string {
  if (process.env.KEYWARD_SECRET) return process.env.KEYWARD_SECRET;
  const file = path.join(dataDir, "secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

/** Half a single sign-on configuration is a mistake to report before anything starts. */
function checkOidcSettings(): void {
  const names = ["KEYWARD_OIDC_ISSUER", "KEYWARD_OIDC_CLIENT_ID", "KEYWARD_OIDC_CLIENT_SECRET"];
  const set = names.filter((n) => process.env[n]);
  if (set.length > 0 && set.length < names.length) {
    throw new Error(
      `single sign-on needs all of ${names.join(", ")}, or none; missing ${names.filter((n) => !set.includes(n)).join(", ")}.`,
    );
  }
}

async function main() {
  checkOidcSettings();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  process.chdir(root);
  process.env.KEYWARD_DATA_DIR = dataDir;
  process.env.KEYWARD_SECRET = consoleSecret();
  const url = process.env.KEYWARD_URL ?? `http://${host}:${port}`;
  process.env.KEYWARD_URL = url;

  // Imported after the environment is settled: these modules read it on first use.
  const { ensureDemoTls } = await import("@/lib/tls/demo-ca");
  const { startAllEmulators, DEMO_PANOS_COMMIT_MS } = await import("@/emulators/all");
  const { seedDemo } = await import("@/lib/demo/seed");
  const { openDatabase } = await import("@/lib/db/client");

  const tls = await ensureDemoTls(dataDir);
  const emulators = demo
    ? await startAllEmulators(tls, emulatorBasePort, "127.0.0.1", {
        panosCommitDurationMs: panosCommitDurationMs(DEMO_PANOS_COMMIT_MS),
      })
    : [];
  const adminPassword = process.env.KEYWARD_ADMIN_PASSWORD ?? randomBytes(12).toString("base64url");
  // Demo accounts to try the request flow with: a member who requests, an auditor who reads.
  const memberPassword = process.env.KEYWARD_DEMO_MEMBER_PASSWORD ?? randomBytes(12).toString("base64url");
  const auditorPassword = process.env.KEYWARD_DEMO_AUDITOR_PASSWORD ?? randomBytes(12).toString("base64url");

  const handle = await openDatabase({ url: process.env.DATABASE_URL, dataDir: path.join(dataDir, "pglite") });
  const seeded = await seedDemo(handle.db, {
    adminEmail,
    adminPassword,
    demoCaPem: tls.caPem,
    emulators,
    ssoEmailDomain: process.env.KEYWARD_DEMO_SSO_DOMAIN,
    ...(demo
      ? { memberEmail: "member@keyward.local", memberPassword, auditorEmail: "auditor@keyward.local", auditorPassword }
      : {}),
  });
  // PGlite allows one process per data directory: the console opens it next.
  await handle.close();

  buildIfNeeded(root);

  // Node's server timeouts leave a long mint alone: requestTimeout (300 s) and headersTimeout
  // bound only how long the client takes to send its request, not how long an answer streams,
  // and an issue streaming its progress writes a heartbeat every few seconds, so no idle timer fires.
  const next = spawn(
    process.execPath,
    [
      // Stamps each request with its socket's address for the sign-in throttle (see the file).
      "--import",
      pathToFileURL(path.join(root, "scripts", "client-address.mjs")).href,
      path.join(root, "node_modules", "next", "dist", "bin", "next"),
      "start",
      "-p",
      String(port),
      "-H",
      host,
    ],
    {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NEXTAUTH_URL: url, NEXT_TELEMETRY_DISABLED: "1" },
    },
  );

  const lines = [
    "",
    "  Keyward is starting.",
    `  Console:   ${url}`,
    `  Sign in:   ${adminEmail}`,
    seeded.createdAdmin
      ? process.env.KEYWARD_ADMIN_PASSWORD
        ? "  Password:  the value of KEYWARD_ADMIN_PASSWORD"
        : `  Password:  ${adminPassword}   (shown this once; only its argon2 hash is stored)`
      : "  Password:  as set on first start (printed then, or KEYWARD_ADMIN_PASSWORD)",
    ...(seeded.createdDemoUsers
      ? [
          `  Member:    member@keyward.local  ${process.env.KEYWARD_DEMO_MEMBER_PASSWORD ? "(KEYWARD_DEMO_MEMBER_PASSWORD)" : `${memberPassword}   (shown this once)`}`,
          `  Auditor:   auditor@keyward.local  ${process.env.KEYWARD_DEMO_AUDITOR_PASSWORD ? "(KEYWARD_DEMO_AUDITOR_PASSWORD)" : `${auditorPassword}   (shown this once)`}`,
        ]
      : []),
    `  Data:      ${process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : path.join(dataDir, "pglite")}`,
    ...emulators.map((e) => `  Emulator:  ${e.vendor.padEnd(10)} ${e.emulator.url}`),
    ...(emulators.length ? [`  Demo CA:   ${path.join(dataDir, "tls", "ca.pem")}`] : []),
    "  Stop with Ctrl-C.",
    "",
  ];
  // The banner is for the person who ran `npm start` (where to sign in), so plain text, not a log line.
  console.log(lines.join("\n"));

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (next.exitCode === null && next.signalCode === null) {
      // Next.js waits for open connections before it exits; a stuck one must not keep the port taken.
      const exited = new Promise((r) => next.once("exit", r));
      next.kill("SIGTERM");
      const timer = setTimeout(() => next.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await Promise.all(emulators.map((e) => e.emulator.close()));
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  next.on("exit", (code) => void stop(code ?? 0));
}

main().catch((err: unknown) => {
  // A human reads this line in the terminal (the console's own logs are JSON lines); credential forms are scrubbed.
  console.error(`Keyward could not start: ${scrubText(err instanceof Error ? err.message : String(err))}`);
  process.exit(1);
});
