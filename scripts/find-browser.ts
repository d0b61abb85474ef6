import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import type * as PlaywrightTest from "@playwright/test";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/** Playwright's own Chromium when it was installed, else Debian's. Undefined when neither is there. */
export function findBrowser(): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium } = require("@playwright/test") as typeof PlaywrightTest;
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // Playwright without a downloaded browser: fall through to Debian's.
  }
  return existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}

/**
 * Finds a browser for the end-to-end tests, installing Debian's Chromium when running as root,
 * or explains the one command to run.
 */
export function ensureBrowser(): string {
  const found = findBrowser();
  if (found) return found;
  if (process.getuid?.() === 0) {
    console.log("No Chromium found: installing Debian's chromium package…");
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  }
  throw new Error("No Chromium for the browser tests. Install it with:  sudo apt-get install -y chromium");
}
