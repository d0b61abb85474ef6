import { createHash, randomBytes } from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { emulatorUrl, issueAndReveal, openIssueForm, signIn, snap, vendorCall, expectProblem } from "./support/helpers";

/**
 * One journey per vendor: issue a key from the form on the demo connection, then use the
 * revealed secret against that emulator's authenticated endpoint, as a script would.
 */
async function selectByText(select: Locator, text: string): Promise<void> {
  const value = await select.locator("option", { hasText: text }).first().getAttribute("value");
  await select.selectOption(value ?? "");
}

/** A fact of the key page's list, by its label. */
const keyFact = (page: Page, label: string) =>
  page.locator("dt", { hasText: new RegExp(`^${label}$`) }).locator("+ dd");

test.beforeEach(async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
});

test("Expedition: the form states the fixed lifetime; the key works as a Bearer token", async ({ page }) => {
  await openIssueForm(page, /Expedition/);
  await expect(page.getByText(/one month/i).first()).toBeVisible();
  await snap(page, "issue-form-expedition");
  await page.getByLabel("Key name").fill("migration runner");
  const { secret } = await issueAndReveal(page);
  expect(secret).toMatch(/^[A-Za-z0-9]{128}$/);
  await snap(page, "copy-once-expedition");
  const res = await vendorCall(`${emulatorUrl(1)}/api/v1/projects`, { Authorization: `Bearer ${secret}` });
  expect(res.status).toBe(200);
  expect((await vendorCall(`${emulatorUrl(1)}/api/v1/projects`, { Authorization: "Bearer nope" })).status).toBe(401);
});

test("Expedition: testing the connection asks first, since the login creates a key, and records that key", async ({
  page,
}) => {
  await page.goto("/connections");
  await page.getByRole("link", { name: /Expedition/ }).click();
  const test = page.getByRole("button", { name: "Test connection" });
  await test.click();
  const dialog = page.getByRole("dialog", { name: "Test by logging in?" });
  await expect(dialog).toContainText("extends every key of the user");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await snap(page, "connection-test-confirm-expedition");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Connection works")).toHaveCount(0);

  await test.click();
  await dialog.getByRole("button", { name: "Log in and test" }).click();
  await expect(page.getByText("Connection works")).toBeVisible();
  const fingerprint = (await page
    .getByText(/\(recorded as a connection key\)/)
    .first()
    .textContent())!.match(/fingerprint ([0-9a-f]{12})/)![1]!;
  const keys = page.getByRole("region", { name: "Keys created by connection tests" });
  await expect(keys.getByRole("cell", { name: fingerprint })).toBeVisible();
  await snap(page, "connection-keys-expedition");
});

test("Cortex XSIAM: roles, security level and bounded expiry; the advanced key signs requests", async ({ page }) => {
  await openIssueForm(page, /XSIAM/);
  await page.getByRole("checkbox", { name: /Instance Administrator/ }).check();
  await page.getByRole("radio", { name: /Advanced/ }).check();
  await page.getByRole("radio", { name: "Custom date" }).check();
  await snap(page, "issue-form-xsiam");
  await page.getByLabel("Key name").fill("soar integration");
  // Past the vendor's maximum: refused in the form before any call.
  await page.getByLabel("Expires at the end of").fill("2099-01-01");
  await page.getByRole("button", { name: "Issue key" }).click();
  await expectProblem(page, /allows at most 183 days/);
  await page.getByRole("radio", { name: "30 days" }).check();
  const { secret, publicId } = await issueAndReveal(page);
  expect(publicId).toMatch(/^\d+$/);
  await snap(page, "copy-once-xsiam");

  const nonce = randomBytes(32).toString("hex");
  const timestamp = String(Date.now());
  const signed = await vendorCall(
    `${emulatorUrl(2)}/public_api/v1/api_keys/get_api_keys`,
    {
      "content-type": "application/json",
      "x-xdr-auth-id": publicId!,
      "x-xdr-nonce": nonce,
      "x-xdr-timestamp": timestamp,
      Authorization: createHash("sha256")
        .update(secret + nonce + timestamp)
        .digest("hex"),
    },
    { method: "POST", body: JSON.stringify({ request_data: {} }) },
  );
  expect(signed.status).toBe(200);
  const unsigned = await vendorCall(
    `${emulatorUrl(2)}/public_api/v1/api_keys/get_api_keys`,
    { "content-type": "application/json", "x-xdr-auth-id": publicId!, Authorization: secret },
    { method: "POST", body: "{}" },
  );
  expect(unsigned.status).toBe(401);
});

test("Trend Micro: role picker and expiry; the secret works as api-secret-key", async ({ page }) => {
  await openIssueForm(page, /Trend Micro/);
  await selectByText(page.getByLabel("Role"), "Auditor");
  await snap(page, "issue-form-trend");
  await page.getByLabel("Key name").fill("siem export");
  const { secret } = await issueAndReveal(page);
  await snap(page, "copy-once-trend");
  const res = await vendorCall(`${emulatorUrl(3)}/api/apikeys/current`, {
    "api-secret-key": secret,
    "api-version": "v1",
  });
  expect(res.status).toBe(200);
  expect(JSON.parse(res.body)).toMatchObject({ keyName: "siem export" });

  // The key's page names the role as the manager does, not by its id.
  await page.getByRole("link", { name: "I have stored it — go to the key" }).click();
  await expect(keyFact(page, "Role")).toHaveText(/^Auditor \(\d+\)$/);
  await snap(page, "key-page-trend");
});

test("Rancher: environment picker, an expiry Keyward enforces; the pair works with Basic auth", async ({ page }) => {
  await openIssueForm(page, /Rancher/);
  // Rancher keys have no expiry of their own: the form says Keyward deactivates and deletes the key at the date.
  await expect(
    page.getByText(/no expiry of their own: at the date you pick, Keyward deactivates and deletes the key/).first(),
  ).toBeVisible();
  await expect(page.getByRole("radio", { name: "90 days" })).toBeChecked();
  await page.getByRole("button", { name: "Issue key" }).click();
  await expectProblem(page, "Choose an environment.");
  await selectByText(page.getByLabel("Environment"), "Default");
  await snap(page, "issue-form-rancher");
  await page.getByLabel("Key name").fill("ci deployer");
  const { secret, publicId } = await issueAndReveal(page);
  expect(publicId).toMatch(/^[0-9A-F]{20}$/);
  await snap(page, "copy-once-rancher");
  const basic = Buffer.from(`${publicId}:${secret}`).toString("base64");
  expect((await vendorCall(`${emulatorUrl(4)}/v2-beta/projects/1a5`, { Authorization: `Basic ${basic}` })).status).toBe(
    200,
  );
  expect(
    (
      await vendorCall(`${emulatorUrl(4)}/v2-beta/projects/1a5`, {
        Authorization: `Basic ${Buffer.from(`${publicId}:wrong`).toString("base64")}`,
      })
    ).status,
  ).toBe(401);

  await page.getByRole("link", { name: "I have stored it — go to the key" }).click();
  await expect(keyFact(page, "Environment")).toHaveText("Default (1a5)");
});
