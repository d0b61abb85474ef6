import path from "node:path";

const root = path.resolve(__dirname, "..", "..");

/** The console the browser tests start: its own ports, data directory and log. */
export const E2E = {
  port: 3210,
  url: "http://127.0.0.1:3210",
  emulatorBasePort: 9641,
  dataDir: path.join(root, "test-results", "e2e-data"),
  logFile: path.join(root, "test-results", "e2e-server.log"),
  pidFile: path.join(root, "test-results", "e2e-server.pid"),
  secretsFile: path.join(root, "test-results", "e2e-secrets.json"),
  adminEmail: "admin@keyward.local",
  adminPassword: "e2e-Admin-Password-42",
  root,
};
