import { expect, test } from "@playwright/test";
import {
  demoCaPem,
  emulatorUrl,
  expectNoSecretOnPage,
  expectProblem,
  rememberSecret,
  signIn,
  snap,
  vendorCall,
} from "./support/helpers";
import { E2E } from "./support/server-config";

const SHOW_SYSTEM_INFO = encodeURIComponent("<show><system><info></info></system></show>");

test.describe.configure({ mode: "serial" });

test("a wrong console password is refused with a clear message", async ({ page }) => {
  await signIn(page, "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: "Invalid email or password." })).toBeVisible();
  await snap(page, "login-error");
});

test("admin adds a PAN-OS connection, tests it, issues a key and copies it once", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: E2E.url });
  await signIn(page, E2E.adminPassword, { sudo: false });
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await snap(page, "dashboard");

  // A connection with the wrong password: the firewall's own 403 is shown, nothing else happens.
  await page.goto("/connections/new");
  await snap(page, "connection-new");
  await page.getByRole("button", { name: "Save connection" }).click();
  await expectProblem(page, "Give the connection a name.", /Enter the base URL/);
  await page.getByLabel("Connection name").fill("lab firewall");
  await page.getByLabel("Base URL").fill("ftp://nope");
  await page.getByLabel("API administrator").fill("admin");
  await page.getByRole("textbox", { name: /^Password/ }).fill("wrong-password");
  await page.getByLabel("CA certificate (PEM)").fill("not a certificate");
  await page.getByRole("button", { name: "Save connection" }).click();
  await expectProblem(page, /Use https:\/\//);
  await snap(page, "connection-new-errors");
  await page.getByLabel("Base URL").fill(emulatorUrl(0));
  await page.getByRole("button", { name: "Save connection" }).click();
  // Changing a connection needs a recent password confirmation: asked inline, then the save resumes.
  const sudo = page.getByRole("dialog", { name: "Confirm your password" });
  await expect(sudo).toBeVisible();
  await snap(page, "sudo-dialog");
  await sudo.getByLabel("Your password").fill("not-my-password");
  await sudo.getByRole("button", { name: "Confirm and continue" }).click();
  await expect(sudo.getByText("That password is not right.")).toBeVisible();
  await sudo.getByLabel("Your password").fill(E2E.adminPassword);
  await sudo.getByRole("button", { name: "Confirm and continue" }).click();
  await expect(sudo).toBeHidden();
  await expectProblem(page, /Paste the CA certificate in PEM form/);
  await page.getByLabel("CA certificate (PEM)").fill(demoCaPem());
  await page.getByRole("button", { name: "Save connection" }).click();
  await expect(page.getByRole("heading", { name: "lab firewall" })).toBeVisible();
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText("Connection test failed")).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: /Invalid Credential/ })).toBeVisible();
  await snap(page, "connection-test-failed");

  // Fix the password (the form never shows the stored one), then the test shows the device.
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByText("A value is stored. Leave blank to keep it.")).toBeVisible();
  await page.getByRole("textbox", { name: /^Password/ }).fill("Keyward-Demo-1");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { name: "lab firewall" })).toBeVisible();
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText("Connection works")).toBeVisible();
  await expect(page.getByText("PA-VM-KEYWARD").first()).toBeVisible();
  await expect(page.getByText("11.1.2").first()).toBeVisible();
  await snap(page, "connection-tested");

  // A new connection's grants name nothing, so nobody can ask for anything until an admin names it.
  await expect(page.getByText("A grant names nothing yet")).toBeVisible();
  await snap(page, "policy-names-nothing");
  await page.getByLabel("Grant 1 any role").check();
  await page.getByLabel("Grant 1 own account").check();
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByText("Policy saved.")).toBeVisible();

  // Issue a key on the connection's own account, with a .panrc tag.
  await page.getByRole("link", { name: "Issue a key" }).click();
  await expect(page.getByRole("heading", { name: "Issue a key" })).toBeVisible();
  await expect(page.getByLabel("Connection")).toHaveValue(/.+/);
  await snap(page, "issue-form");
  // Least privilege is the default where the firewall lists role profiles; this key is the seed's flow.
  await expect(page.getByLabel("Admin role profile")).not.toHaveValue("");
  await page.getByLabel("Admin role profile").selectOption("");
  // Choosing the connection's own account says what such a key is.
  await expect(page.getByRole("status").filter({ hasText: "A key of the connection's own account" })).toContainText(
    "cannot be revoked on its own",
  );
  await snap(page, "issue-form-own-account");
  await page.getByLabel("Key name").fill("backup script");
  await page.getByLabel(".panrc tag").fill("lab");
  await page.getByLabel("Reason").fill("Nightly configuration backup");
  await page.getByRole("button", { name: "Issue key" }).click();
  await expect(page.getByRole("heading", { name: /Key “backup script” issued/ })).toBeVisible();

  const secretField = page.getByTestId("secret-value");
  await expect(secretField).toHaveAttribute("type", "password");
  await snap(page, "copy-once-masked");
  await page.getByRole("button", { name: "Reveal" }).click();
  await expect(secretField).toHaveAttribute("type", "text");
  const secret = await secretField.inputValue();
  rememberSecret(secret);
  expect(secret).toMatch(/^LUFRPT[A-Za-z0-9=]+$/);
  await page.getByRole("button", { name: "Copy secret" }).click();
  await expect(page.getByRole("button", { name: "Copied ✓" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await expect(page.getByText(`api_key%lab=${secret}`)).toBeVisible();
  await expect(page.getByText("hostname%lab=127.0.0.1")).toBeVisible();
  await snap(page, "copy-once-revealed");

  // The secret works on the firewall's op endpoint, as a script would use it.
  const live = await vendorCall(`${emulatorUrl(0)}/api/?type=op&cmd=${SHOW_SYSTEM_INFO}`, { "X-PAN-KEY": secret });
  expect(live.status).toBe(200);
  expect(live.body).toContain("<hostname>PA-VM-KEYWARD</hostname>");

  // Reload: the secret is gone for good; the key page shows only fingerprint and last four.
  page.on("dialog", (d) => void d.accept());
  await page.reload();
  await expect(page.getByRole("heading", { name: "Issue a key" })).toBeVisible();
  await expectNoSecretOnPage(page, secret);
  await page.goto("/keys");
  await expect(page.getByRole("link", { name: "backup script" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "lab firewall" })).toBeVisible();
  await snap(page, "keys-list");
  await page.getByRole("link", { name: "backup script" }).click();
  await expect(page.getByText(`…${secret.slice(-4)}`)).toBeVisible();
  await expectNoSecretOnPage(page, secret);
  await snap(page, "key-page");

  // The audit log tells the story.
  await page.goto("/audit");
  // Each action in words, its code beside it.
  for (const action of [
    "Signed in auth.login",
    "Connection created connection.create",
    "Connection changed connection.update",
    "Connection tested connection.test",
    "Key issued key.issue",
  ]) {
    await expect(page.getByRole("cell", { name: action, exact: true }).first()).toBeVisible();
  }
  await expect(
    page.getByRole("row").filter({ hasText: "connection.test" }).filter({ hasText: "failure" }).first(),
  ).toBeVisible();
  await expectNoSecretOnPage(page, secret);
  await snap(page, "audit");
});

test("by default a PAN-OS key gets its own administrator bound to the chosen role profile", async ({ page }) => {
  await signIn(page);
  await page.goto("/connections");
  await page.getByRole("link", { name: /PA-VM-KEYWARD/ }).click();
  await page.getByRole("link", { name: "Issue a key" }).click();
  const role = page.getByLabel("Admin role profile");
  await expect(role).toHaveValue("api-readonly");
  await page.getByLabel("Key name").fill("monitoring");
  await page.getByLabel("Reason").fill("Monitoring reads system info");
  await page.getByRole("button", { name: "Issue key" }).click();
  await expect(page.getByRole("heading", { name: /Key “monitoring” issued/ })).toBeVisible();
  await page.getByRole("button", { name: "Reveal" }).click();
  const secret = await page.getByTestId("secret-value").inputValue();
  rememberSecret(secret);
  const live = await vendorCall(`${emulatorUrl(0)}/api/?type=op&cmd=${SHOW_SYSTEM_INFO}`, { "X-PAN-KEY": secret });
  expect(live.status).toBe(200);
  // The role profile allows op only: configuration is refused in the firewall's words.
  const config = await vendorCall(`${emulatorUrl(0)}/api/?type=config&action=show&xpath=/config`, {
    "X-PAN-KEY": secret,
  });
  expect(config.status).toBe(403);
  expect(config.body).toContain("Type [config] not authorized for user role.");
  await page.getByRole("link", { name: "I have stored it — go to the key" }).click();
  await expect(page.getByText("api-readonly")).toBeVisible();
  await expect(page.getByText(/admin:keyward-monitoring-/)).toBeVisible();
});
