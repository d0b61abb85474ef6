import path from "node:path";

const root = path.resolve(__dirname, "..", "..");
// Overridable so that two checkouts (or a benchmark) can run beside each other.
const port = Number(process.env.KEYWARD_E2E_PORT ?? 3210);
const emulatorBasePort = Number(process.env.KEYWARD_E2E_EMULATOR_BASE_PORT ?? 9641);
const oidcPort = Number(process.env.KEYWARD_E2E_OIDC_PORT ?? 9990);

/** The console the browser tests start: its own ports, data directory and log. */
export const E2E = {
  port,
  // "localhost", not 127.0.0.1: browsers refuse WebAuthn (passkeys) on an IP address.
  url: `http://localhost:${port}`,
  emulatorBasePort,
  dataDir: path.join(root, "test-results", "e2e-data"),
  logFile: path.join(root, "test-results", "e2e-server.log"),
  pidFile: path.join(root, "test-results", "e2e-server.pid"),
  secretsFile: path.join(root, "test-results", "e2e-secrets.json"),
  adminEmail: "admin@keyward.local",
  adminPassword: "e2e-Admin-Password-42",
  /** The test OpenID provider the SSO journeys sign in with (e2e/support/oidc-provider.ts). */
  oidc: {
    port: oidcPort,
    issuer: `http://127.0.0.1:${oidcPort}`,
    clientId: "keyward-e2e",
    clientSecret: "e2e-oidc-client-secret-not-a-real-one",
    name: "Test IdP",
    /** New SSO users with this e-mail domain join the demo team as members. */
    teamDomain: "sso.keyward.test",
  },
  memberEmail: "member@keyward.local",
  memberPassword: "e2e-Member-Password-42",
  auditorEmail: "auditor@keyward.local",
  auditorPassword: "e2e-Auditor-Password-42",
  root,
};
