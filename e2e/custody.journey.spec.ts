import { expect, test } from "@playwright/test";
import { openIssueForm, rememberSecret, signIn, snap } from "./support/helpers";

// The copy-once panel holds the only copy of a secret: it takes focus, and nothing leaves it by accident.

test("the copy-once panel takes focus, and a nav link or Back asks before the secret is lost", async ({ page }) => {
  await signIn(page);
  await openIssueForm(page, /Expedition/);
  await page.getByLabel("Key name").fill("custody guard");
  await page.getByRole("button", { name: "Issue key" }).click();

  // Focus lands on the panel's heading (announced with its warning); the next Tab stays in the panel.
  const heading = page.getByRole("heading", { name: "Key “custody guard” issued — copy it now" });
  await expect(heading).toBeFocused();
  await page.keyboard.press("Tab");
  const panel = page.locator("section", { has: heading });
  expect(await panel.evaluate((section) => section.contains(document.activeElement))).toBe(true);
  await page.getByRole("button", { name: "Reveal" }).click();
  const secret = await page.getByTestId("secret-value").inputValue();
  rememberSecret(secret);
  const url = page.url();

  // A nav link asks first; staying keeps the secret on screen.
  await page.getByRole("navigation").getByRole("link", { name: "Keys", exact: true }).click();
  const ask = page.getByRole("dialog", { name: "Leave without the secret?" });
  await expect(ask).toBeVisible();
  await snap(page, "copy-once-leave-guard");
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(ask).toBeHidden();
  expect(page.url()).toBe(url);
  await expect(page.getByTestId("secret-value")).toHaveValue(secret);

  // Back asks too, and staying keeps the secret.
  await page.goBack({ waitUntil: "commit" });
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("secret-value")).toHaveValue(secret);

  // Back again still asks (the guard is re-armed), and leaving goes where the person meant to.
  await page.goBack({ waitUntil: "commit" });
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("navigation").getByRole("link", { name: "Keys", exact: true }).click();
  await ask.getByRole("button", { name: "Leave without it" }).click();
  await expect(page).toHaveURL(/\/keys$/);
  await expect(page.getByRole("heading", { name: "Keys" })).toBeVisible();
  expect(await page.content()).not.toContain(secret);
});

test("“I have stored it” goes to the key without asking", async ({ page }) => {
  await signIn(page);
  await openIssueForm(page, /Expedition/);
  await page.getByLabel("Key name").fill("custody stored");
  await page.getByRole("button", { name: "Issue key" }).click();
  await page.getByRole("button", { name: "Reveal" }).click();
  rememberSecret(await page.getByTestId("secret-value").inputValue());
  await page.getByRole("link", { name: "I have stored it — go to the key" }).click();
  await expect(page).toHaveURL(/\/keys\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("dialog", { name: "Leave without the secret?" })).toHaveCount(0);
});
