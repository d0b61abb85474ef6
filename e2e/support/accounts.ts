import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { rememberSecret } from "./helpers";
import { E2E } from "./server-config";

/** Accounts the team journeys create through the console itself (admin → sign-up links, invites). */

export const ORIGIN = { origin: E2E.url };

export function uniqueEmail(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`;
}

/**
 * A freshly started console opens its database on the first request that needs it, which on a
 * busy machine can outlast a step's timeout; an unknown invite link (404) does that first.
 */
export async function warmUp(page: Page): Promise<void> {
  const res = await page.request.get(`/api/invites/${"x".repeat(43)}`, { timeout: 120_000 });
  expect(res.status()).toBe(404);
}

/** Signs in any local account through the login form; the console lands on its first page. */
export async function signInAs(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/**
 * As a signed-in admin page: makes a sign-up link for the e-mail in the current team and, as
 * the person, creates the account through it (signed out). Returns that first password.
 */
export async function createAccountByApi(
  admin: Page,
  email: string,
  role: "admin" | "member" | "auditor",
): Promise<string> {
  const res = await admin.request.post("/api/team/members", { headers: ORIGIN, data: { email, role } });
  expect(res.status(), await res.text()).toBe(201);
  const { invite } = (await res.json()) as { invite: { token: string } };
  rememberSecret(invite.token);
  const firstPassword = `first-${randomUUID()}`;
  rememberSecret(firstPassword);
  const visitor = await playwrightRequest.newContext({ baseURL: E2E.url });
  const created = await visitor.post(`/api/invites/${invite.token}/account`, {
    headers: ORIGIN,
    data: { name: email.split("@")[0], password: firstPassword },
  });
  expect(created.status(), await created.text()).toBe(201);
  await visitor.dispose();
  return firstPassword;
}

/** A new browser context signed in as the account, its first password replaced and sudo confirmed. */
export async function accountContext(
  browser: Browser,
  email: string,
  firstPassword: string,
  password: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: E2E.url });
  const page = await context.newPage();
  await signInAs(page, email, firstPassword);
  const change = await page.request.post("/api/account/password", {
    headers: ORIGIN,
    data: { currentPassword: firstPassword, newPassword: password },
  });
  expect(change.status(), await change.text()).toBe(201);
  expect((await page.request.post("/api/auth/sudo", { headers: ORIGIN, data: { password } })).status()).toBe(201);
  return { context, page };
}

export async function userIdOf(admin: Page, email: string): Promise<string> {
  const { members } = (await (await admin.request.get("/api/team/members")).json()) as {
    members: Array<{ userId: string; email: string }>;
  };
  const found = members.find((m) => m.email === email);
  if (!found) throw new Error(`${email} is not a member of the admin's current team`);
  return found.userId;
}
