import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { E2E } from "./support/server-config";

/**
 * Unused keys: the team's "revoke keys unused for N days" on a Trend connection's page (saved
 * under sudo, bad values refused with the bounds), the inventory's "Unused for" filter in the URL
 * and its export link, and the webhook form's format choice. Screenshots at desktop and phone widths.
 */

const SHOTS = process.env.KEYWARD_SHOTS_DIR ?? `${E2E.root}/e2e/screenshots`;

async function shots(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `${SHOTS}/${name}-${width}-${scheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function signIn(page: Page): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(E2E.adminEmail);
  await page.getByLabel("Password").fill(E2E.adminPassword);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible({ timeout: 60_000 });
}

test("unused keys: the team policy on a Trend connection, the inventory filter, webhook formats", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  const res = await page.request.get("/api/connections");
  const { connections } = (await res.json()) as { connections: Array<{ id: string; vendor: string }> };
  const trend = connections.find((c) => c.vendor === "trend")!;
  const other = connections.find((c) => c.vendor === "panos")!;

  await page.goto(`/connections/${trend.id}`);
  const field = page.getByLabel("Revoke keys unused for (days)");
  await field.fill("3");
  await page.getByRole("button", { name: "Save unused-key policy" }).click();
  await expect(page.getByText("Enter 7 to 365 days, or leave it empty to turn the policy off.").first()).toBeVisible();
  await field.fill("90");
  await page.getByRole("button", { name: "Save unused-key policy" }).click();
  await expect(page.getByText("Saved: keys unused for 90 days are revoked.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Revoke keys unused for (days)")).toHaveValue("90");
  await page.locator("#unused-policy").scrollIntoViewIfNeeded();
  await shots(page, "unused-policy-editor");

  // A vendor that reports no last use says so instead of offering the policy.
  await page.goto(`/connections/${other.id}`);
  await expect(page.getByText(/unused-key policy does not cover keys here/)).toBeVisible();
  await expect(page.getByLabel("Revoke keys unused for (days)")).toHaveCount(0);

  // A fresh console has no keys, so the filter bar shows once a filter is in the link.
  await page.goto("/keys?unusedForDays=30");
  await expect(page.getByLabel("Unused for")).toHaveValue("30");
  await page.getByLabel("Unused for").selectOption("90");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/unusedForDays=90/);
  await expect(page.getByLabel("Unused for")).toHaveValue("90");
  await expect(page.getByText(/keys only: other vendors do not report last use/)).toBeVisible();
  const exportHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  expect(exportHref).toContain("unusedForDays=90");
  await shots(page, "keys-unused-filter");

  // Turn it off again, so other journeys' keys are left alone.
  await page.goto(`/connections/${trend.id}`);
  await page.getByLabel("Revoke keys unused for (days)").fill("");
  await page.getByRole("button", { name: "Save unused-key policy" }).click();
  await expect(page.getByText("Policy off: no key is revoked for being unused.")).toBeVisible();

  await page.goto("/integrations");
  await expect(page.getByLabel("Format")).toBeVisible();
  await page.getByLabel("Format").selectOption("slack");
  await shots(page, "integrations-format");
});
