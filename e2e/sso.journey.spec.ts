import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { endSudoWindow, openAccountMenu, openIssueForm, rememberSecret, snap } from "./support/helpers";
import { E2E } from "./support/server-config";

// Single sign-on against a real OpenID provider (oidc-provider on loopback, started by global-setup).

/** Fills the provider's own login page (any login and password; the login is the e-mail address). */
async function loginAtProvider(page: Page, login: string): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${E2E.oidc.issuer}/`));
  await page.locator("input[name=login]").fill(login);
  await page.locator("input[name=password]").fill(`idp-${randomUUID()}`);
  await page.getByRole("button", { name: "Sign-in" }).click();
}

async function signInBySso(page: Page, login: string): Promise<void> {
  await page.goto("/login");
  await page.getByRole("button", { name: `Sign in with ${E2E.oidc.name}` }).click();
  await loginAtProvider(page, login);
}

test.describe.configure({ mode: "serial" });

test("a first SSO sign-in lands in no team, with the explanation", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: `Sign in with ${E2E.oidc.name}` })).toBeVisible();
  await snap(page, "login-with-sso");
  await signInBySso(page, `newcomer-${randomUUID().slice(0, 8)}@elsewhere.test`);
  await expect(page).toHaveURL(/\/no-team$/);
  await expect(
    page.getByRole("heading", { name: "You are not a member of any team yet — ask an admin to add you" }),
  ).toBeVisible();
  await snap(page, "sso-no-team");
  // Pages of a team stay out of reach, and say why rather than 404.
  await page.goto("/keys");
  await expect(page).toHaveURL(/\/no-team$/);
  expect((await page.request.get("/api/keys")).status()).toBe(403);
});

test("a new SSO user of the team's e-mail domain joins it as a member", async ({ page }) => {
  await signInBySso(page, `dana-${randomUUID().slice(0, 8)}@${E2E.oidc.teamDomain}`);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  // The header's account menu button names the team the user is in.
  await expect(page.getByRole("button", { name: /^Account.*Demo team$/ })).toBeVisible();
  // A member issues nothing directly.
  await expect(page.getByRole("link", { name: "Issue a key" })).toHaveCount(0);
});

test("an unverified e-mail in the team's domain does not join the team", async ({ page }) => {
  // The provider marks logins starting with "unverified" as not verified.
  await signInBySso(page, `unverified-${randomUUID().slice(0, 8)}@${E2E.oidc.teamDomain}`);
  await expect(page).toHaveURL(/\/no-team$/);
});

test("sudo by SSO re-authentication: the provider asks again, and the issue resumes", async ({ page }) => {
  // The seeded admin signs in by SSO: the provider vouches for the e-mail, so the account is linked.
  await signInBySso(page, E2E.adminEmail);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  // The provider authenticated the admin just now, which opened the sudo window; let it run out.
  await endSudoWindow(page);

  await openIssueForm(page, /Expedition/);
  await page.getByLabel("Key name").fill("sso sudo runner");
  await page.getByRole("button", { name: "Issue key" }).click();
  const sudo = page.getByRole("dialog", { name: "Confirm your password" });
  await expect(sudo).toBeVisible();
  await snap(page, "sudo-dialog-sso");

  const popupOpened = page.waitForEvent("popup");
  await sudo.getByRole("button", { name: `Re-authenticate with ${E2E.oidc.name}` }).click();
  const popup = await popupOpened;
  // prompt=login: the provider asks for the login again although its session is fresh.
  await loginAtProvider(popup, E2E.adminEmail);
  await popup.waitForEvent("close");

  await expect(sudo).toBeHidden();
  await expect(page.getByRole("heading", { name: /issued — copy it now/ })).toBeVisible();
  await page.getByRole("button", { name: "Reveal" }).click();
  rememberSecret(await page.getByTestId("secret-value").inputValue());
});

test("re-authenticating as someone else does not confirm sudo", async ({ page }) => {
  await signInBySso(page, E2E.adminEmail);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await endSudoWindow(page);
  await openIssueForm(page, /Expedition/);
  await page.getByLabel("Key name").fill("never issued");
  await page.getByRole("button", { name: "Issue key" }).click();
  const sudo = page.getByRole("dialog", { name: "Confirm your password" });
  const popupOpened = page.waitForEvent("popup");
  await sudo.getByRole("button", { name: `Re-authenticate with ${E2E.oidc.name}` }).click();
  const popup = await popupOpened;
  await loginAtProvider(popup, `someone-${randomUUID().slice(0, 8)}@${E2E.oidc.teamDomain}`);
  await popup.waitForEvent("close");
  await expect(sudo.getByText("You signed in to the identity provider as someone else.")).toBeVisible();
  // The console window is still the admin's.
  await sudo.getByRole("button", { name: "Cancel" }).click();
  await page.goto("/");
  await openAccountMenu(page);
  await expect(page.locator("#account-menu").getByText(E2E.adminEmail, { exact: true })).toBeVisible();
});
