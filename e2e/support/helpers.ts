import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import https from "node:https";
import path from "node:path";
import { expect, type Locator, type Page } from "@playwright/test";
import { E2E } from "./server-config";

const SCREENSHOTS = path.join(E2E.root, "e2e", "screenshots");

/** Screenshots of the page in light and dark, for a person to look at (e2e/screenshots, git-ignored). */
export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${scheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** Opens the header's account menu (laptop width; on a phone the Menu button holds the same links). */
export async function openAccountMenu(page: Page): Promise<void> {
  const button = page.getByRole("banner").getByRole("button", { name: /^Account/ });
  await button.click();
  await expect(button).toHaveAttribute("aria-expanded", "true");
}

/**
 * Signs in. A fresh sign-in opens the sudo window, so sensitive actions do not ask; with
 * `sudo: false` the window is closed again, as it is ten minutes later.
 */
export async function signIn(
  page: Page,
  password = E2E.adminPassword,
  { sudo = true, email = E2E.adminEmail } = {},
): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  if (![E2E.adminPassword, E2E.memberPassword, E2E.auditorPassword].includes(password)) return;
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  if (!sudo) await endSudoWindow(page);
}

/** Drops the sudo stamp a sign-in set, as if the 10-minute window had run out. */
export async function endSudoWindow(page: Page): Promise<void> {
  const cookies = await page.context().cookies();
  expect(
    cookies.some((c) => c.name === "keyward-sudo"),
    "a fresh sign-in sets the sudo stamp",
  ).toBe(true);
  await page.context().clearCookies({ name: "keyward-sudo" });
}

/** Keeps every secret a journey saw, for the leak check that runs after all journeys. */
export function rememberSecret(secret: string): void {
  const seen: string[] = existsSync(E2E.secretsFile)
    ? (JSON.parse(readFileSync(E2E.secretsFile, "utf8")) as string[])
    : [];
  seen.push(secret);
  writeFileSync(E2E.secretsFile, JSON.stringify(seen));
}

export function demoCaPem(): string {
  return readFileSync(path.join(E2E.dataDir, "tls", "ca.pem"), "utf8");
}

export function emulatorUrl(offset: number): string {
  return `https://127.0.0.1:${E2E.emulatorBasePort + offset}`;
}

/** A request straight to an emulator over HTTPS verified with the demo CA — the way a script would use the key. */
export function vendorCall(
  url: string,
  headers: Record<string, string> = {},
  init: { method?: string; body?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: init.method ?? "GET", ca: demoCaPem(), headers }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

/** Opens the issue form on the demo connection whose name matches, and gives the reason every key needs. */
export async function openIssueForm(page: Page, connectionName: RegExp): Promise<void> {
  await page.goto("/connections");
  await page.getByRole("link", { name: connectionName }).click();
  await page.getByRole("link", { name: "Issue a key" }).click();
  await expect(page.getByRole("heading", { name: "Issue a key" })).toBeVisible();
  await page.getByLabel("Reason").fill("End-to-end test of the vendor");
}

/** Issues the filled-in form and returns the revealed secret (and the key id shown beside it, if any). */
export async function issueAndReveal(page: Page): Promise<{ secret: string; publicId?: string }> {
  await page.getByRole("button", { name: "Issue key" }).click();
  await expect(page.getByRole("heading", { name: /issued — copy it now/ })).toBeVisible();
  await page.getByRole("button", { name: "Reveal" }).click();
  const secret = await page.getByTestId("secret-value").inputValue();
  rememberSecret(secret);
  const idLocator = page.getByTestId("public-id");
  const publicId = (await idLocator.count()) ? ((await idLocator.textContent()) ?? undefined) : undefined;
  return { secret, publicId };
}

export async function expectNoSecretOnPage(page: Page, secret: string): Promise<void> {
  expect(await page.content()).not.toContain(secret);
}

/**
 * A refused submit: the focus is on "There is a problem", which links to each message, and each
 * message also stands by its field.
 */
export async function expectProblem(scope: Page | Locator, ...messages: (string | RegExp)[]): Promise<void> {
  const summary = scope.getByTestId("error-summary");
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  for (const message of messages) {
    await expect(summary.getByRole("link", { name: message })).toBeVisible();
    await expect(scope.getByRole("alert").filter({ hasText: message })).toBeVisible();
  }
}
