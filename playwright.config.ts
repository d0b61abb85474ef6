import { defineConfig } from "@playwright/test";
import { findBrowser } from "./scripts/find-browser";
import { E2E } from "./e2e/support/server-config";

const executablePath = process.env.KEYWARD_CHROMIUM_PATH ?? findBrowser();

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI
    ? [["list"], ["json", { outputFile: "test-results/e2e-report.json" }]]
    : [["list"], ["json", { outputFile: "test-results/e2e-report.json" }]],
  globalSetup: "./e2e/support/global-setup.ts",
  use: {
    baseURL: E2E.url,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-gpu",
      ],
    },
  },
  projects: [
    { name: "journeys", testMatch: /.*\.journey\.spec\.ts/ },
    // Runs last: stops the console, then searches its database, files and log for every secret the journeys saw.
    { name: "leak-check", testMatch: /leak-check\.spec\.ts/, dependencies: ["journeys"] },
  ],
});
