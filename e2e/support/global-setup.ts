import { spawn } from "node:child_process";
import { mkdirSync, openSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { E2E } from "./server-config";
import { startTestOidcProvider } from "./oidc-provider";

async function waitFor(url: string, timeoutMs: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`The console exited during start; see ${E2E.logFile}`);
    try {
      const res = await fetch(`${url}/login`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The console did not answer at ${url} within ${timeoutMs / 1000} s; see ${E2E.logFile}`);
}

/** Starts the console exactly as `npm start` does, on a fresh data directory, and stops it afterwards. */
/** True when something already answers on the console's port: tests would silently run against it. */
async function portAnswers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/login`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

export default async function globalSetup() {
  if (await portAnswers(E2E.url))
    throw new Error(
      `Something already answers at ${E2E.url} (a console left over from an earlier run?): stop it, or set KEYWARD_E2E_PORT.`,
    );
  rmSync(E2E.dataDir, { recursive: true, force: true });
  rmSync(E2E.secretsFile, { force: true });
  mkdirSync(path.dirname(E2E.logFile), { recursive: true });
  const log = openSync(E2E.logFile, "w");
  // A real OpenID provider for the SSO journeys, unless one is configured from outside.
  const oidc = process.env.KEYWARD_OIDC_ISSUER ? null : await startTestOidcProvider();
  const tsx = path.join(E2E.root, "node_modules", "tsx", "dist", "cli.mjs");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KEYWARD_DATA_DIR: E2E.dataDir,
    PORT: String(E2E.port),
    // The console listens on 127.0.0.1 but is addressed by name (see server-config.ts).
    KEYWARD_URL: E2E.url,
    KEYWARD_EMULATOR_BASE_PORT: String(E2E.emulatorBasePort),
    KEYWARD_ADMIN_EMAIL: E2E.adminEmail,
    KEYWARD_ADMIN_PASSWORD: E2E.adminPassword,
    ...(oidc
      ? {
          KEYWARD_OIDC_ISSUER: E2E.oidc.issuer,
          KEYWARD_OIDC_CLIENT_ID: E2E.oidc.clientId,
          KEYWARD_OIDC_CLIENT_SECRET: E2E.oidc.clientSecret,
          KEYWARD_OIDC_NAME: E2E.oidc.name,
          KEYWARD_DEMO_SSO_DOMAIN: E2E.oidc.teamDomain,
        }
      : {}),
    // Commits as fast as in the unit tests; the slow-commit journey slows the emulator itself.
    KEYWARD_EMULATOR_PANOS_COMMIT_MS: "100-300",
    KEYWARD_DEMO_MEMBER_PASSWORD: E2E.memberPassword,
    KEYWARD_DEMO_AUDITOR_PASSWORD: E2E.auditorPassword,
  };
  // The browser journeys run on the embedded default; the database tests cover PostgreSQL.
  delete env.DATABASE_URL;
  delete env.KEYWARD_SECRET;
  const child = spawn(
    process.execPath,
    [tsx, "--conditions=react-server", path.join(E2E.root, "scripts", "start.ts")],
    {
      cwd: E2E.root,
      env,
      stdio: ["ignore", log, log],
      // Its own process group, so stopping it takes the Next.js server it starts along.
      detached: true,
    },
  );
  writeFileSync(E2E.pidFile, String(child.pid));
  let exited = false;
  child.on("exit", () => (exited = true));
  await waitFor(E2E.url, 300_000, () => exited);
  return async () => {
    if (!exited) {
      const gone = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid!, "SIGTERM");
      const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 15_000);
      await gone;
      clearTimeout(timer);
    }
    // The group may outlive its leader for a moment (Next.js closing its server): make sure it is gone.
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
    await oidc?.close();
  };
}
