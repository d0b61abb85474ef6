import path from "node:path";

const root = path.resolve(__dirname, "..", "..");
// Overridable so that two checkouts (or a benchmark) can run beside each other.
const port = Number(process.env.KEYWARD_E2E_PORT ?? 3210);
const emulatorBasePort = Number(process.env.KEYWARD_E2E_EMULATOR_BASE_PORT ?? 9641);

/** The console the browser tests start: its own ports, data directory and log. */
export const E2E = {
  port,
  url: `http://127.0.0.1:${port}`,
  emulatorBasePort,
  dataDir: path.join(root, "test-results", "e2e-data"),
  logFile: path.join(root, "test-results", "e2e-server.log"),
  pidFile: path.join(root, "test-results", "e2e-server.pid"),
  secretsFile: path.join(root, "test-results", "e2e-secrets.json"),
  adminEmail: "admin@keyward.local",
  adminPassword: "e2e-Admin-Password-42",
  memberEmail: "member@keyward.local",
  memberPassword: "e2e-Member-Password-42",
  auditorEmail: "auditor@keyward.local",
  auditorPassword: "e2e-Auditor-Password-42",
  root,
};
