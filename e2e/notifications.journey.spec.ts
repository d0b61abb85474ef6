import { expect, test, type Page } from "@playwright/test";
import { rememberSecret, signIn, snap } from "./support/helpers";
import { accountContext, createAccountByApi, ORIGIN, uniqueEmail } from "./support/accounts";
import { E2E } from "./support/server-config";

// Notifications end to end, on a console without a mail server: a member's request reaches the
// admins who may approve (in the console and as an e-mail held on the local outbox page), the
// denial reaches the member, each person mutes what is not theirs, and only admins change the
// team's rules (under sudo, with the reminder days checked).

test.describe.configure({ mode: "serial" });

const requesterEmail = uniqueEmail("notified");
const requestName = `notify journey ${Date.now()}`;

/** The request this journey files, until it denies it: later journeys count on an empty approval queue. */
let undecidedRequest: string | null = null;

test.afterAll(async ({ browser }) => {
  if (!undecidedRequest) return;
  const context = await browser.newContext({ baseURL: E2E.url });
  const admin = await context.newPage();
  await signIn(admin);
  const denied = await admin.request.post(`/api/requests/${undecidedRequest}/deny`, {
    headers: ORIGIN,
    data: { reason: "cleanup" },
  });
  expect(denied.status(), await denied.text()).toBe(201);
  await context.close();
});

async function shoot(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await snap(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("a waiting request is mailed to the admins, held on the local outbox page without a mail server", async ({
  page,
  browser,
}) => {
  // Two waits on the 15-second outbox job, besides making an account.
  test.setTimeout(150_000);
  await signIn(page);
  const requester = await accountContext(
    browser,
    requesterEmail,
    await createAccountByApi(page, requesterEmail, "member"),
    "notified-password-1",
  );
  const { connections } = (await (await page.request.get("/api/connections")).json()) as {
    connections: Array<{ id: string; vendor: string }>;
  };
  const filed = await requester.page.request.post("/api/requests", {
    headers: ORIGIN,
    data: {
      connectionId: connections.find((c) => c.vendor === "expedition")!.id,
      name: requestName,
      scope: [],
      fields: {},
      reason: "Notifications journey",
    },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  const requestId = ((await filed.json()) as { request: { id: string } }).request.id;
  undecidedRequest = requestId;

  await page.goto("/notifications");
  const log = page.getByRole("region", { name: "Delivery log" });
  await expect(log.getByText("No mail server is configured (KEYWARD_SMTP_URL)")).toBeVisible();
  await expect(log.getByRole("link", { name: "Read what would have been mailed" })).toHaveAttribute(
    "href",
    "/notifications/outbox",
  );
  const mail = page.getByRole("article", {
    name: `[Keyward] ${requesterEmail} requests a key “${requestName}”`,
    exact: false,
  });
  // The outbox job runs every 15 s, off the request path: the e-mail is queued, then held.
  await expect(async () => {
    await page.goto("/notifications/outbox");
    await expect(mail.first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(mail.first()).toContainText(`To ${E2E.adminEmail}`);
  await expect(mail.first()).toContainText(`Open in Keyward: ${E2E.url}/approvals`);
  await shoot(page, "notifications-outbox");

  const denied = await page.request.post(`/api/requests/${requestId}/deny`, {
    headers: ORIGIN,
    data: { reason: "Not needed" },
  });
  expect(denied.status(), await denied.text()).toBe(201);
  undecidedRequest = null;
  await expect(async () => {
    await page.goto("/notifications");
    await expect(
      log.getByRole("row").filter({ hasText: "Request approved or denied" }).filter({ hasText: requesterEmail }),
    ).toContainText("held");
  }).toPass({ timeout: 60_000 });

  // The member sees only their own choices, and mutes what is not theirs to act on.
  await requester.page.goto("/notifications");
  await expect(requester.page.getByRole("region", { name: "Team rules" })).toHaveCount(0);
  await expect(requester.page.getByRole("region", { name: "Delivery log" })).toHaveCount(0);
  await requester.page.getByLabel("Mute “Key expiring”").check();
  await requester.page.getByRole("button", { name: "Save my choices" }).click();
  await expect(requester.page.getByText("Your choices are saved.")).toBeVisible();
  await requester.page.reload();
  await expect(requester.page.getByLabel("Mute “Key expiring”")).toBeChecked();
  await shoot(requester.page, "notifications-member");
  await requester.context.close();
});

test("an admin sets the reminder days and channels; wrong days are named", async ({ page }) => {
  await signIn(page);
  await page.goto("/notifications");
  const rules = page.getByRole("region", { name: "Team rules" });
  const expiring = rules.getByRole("listitem").filter({ hasText: "Key expiring" });
  await expiring.getByLabel("Days before").fill("0");
  await rules.getByRole("button", { name: "Save rules" }).click();
  // The summary names the rule and links to its days; the message also stands beside the field.
  await expect(rules.getByTestId("error-summary")).toBeFocused();
  await expect(rules.getByRole("link", { name: "Key expiring: At least 1 day." })).toBeVisible();
  await expect(rules.locator("#rule-days-key-expiring-error")).toHaveText("At least 1 day.");
  await expiring.getByLabel("Days before").fill("14, 3");
  await rules
    .getByRole("listitem")
    .filter({ hasText: "Missed expiry" })
    .getByRole("checkbox", { name: "E-mail" })
    .uncheck();
  await rules.getByRole("button", { name: "Save rules" }).click();
  await expect(rules.getByText("Rules saved.")).toBeVisible();
  await page.reload();
  await expect(expiring.getByLabel("Days before")).toHaveValue("14, 3");
  await expect(
    rules.getByRole("listitem").filter({ hasText: "Missed expiry" }).getByRole("checkbox", { name: "E-mail" }),
  ).not.toBeChecked();
  await shoot(page, "notifications-admin");

  // Put the defaults back for later journeys.
  await expiring.getByLabel("Days before").fill("30, 7, 1");
  await rules
    .getByRole("listitem")
    .filter({ hasText: "Missed expiry" })
    .getByRole("checkbox", { name: "E-mail" })
    .check();
  await rules.getByRole("button", { name: "Save rules" }).click();
  await expect(rules.getByText("Rules saved.")).toBeVisible();
});

test("changing the rules needs a recent confirmation (sudo); an auditor reads them without changing", async ({
  page,
  browser,
}) => {
  await signIn(page, E2E.adminPassword, { sudo: false });
  const res = await page.request.put("/api/notifications/rules", {
    headers: ORIGIN,
    data: { rules: [{ event: "key.expiring", channels: [], thresholds: [5] }] },
  });
  expect(res.status()).toBe(403);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe("sudo_required");

  const auditor = await browser.newPage();
  await signIn(auditor, E2E.auditorPassword, { email: E2E.auditorEmail });
  await auditor.goto("/notifications");
  const rules = auditor.getByRole("region", { name: "Team rules" });
  await expect(rules.getByText("Key expiring", { exact: true })).toBeVisible();
  await expect(rules.getByRole("button", { name: "Save rules" })).toHaveCount(0);
  await auditor.close();
});

test("an admin adds a webhook endpoint, sees its secret once, and a refused address is named", async ({ page }) => {
  // Two audit streams each wait for the stream job (every 10 s) to record their first error.
  test.setTimeout(150_000);
  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Integrations" }).click();
  const add = page.getByRole("region", { name: "Add an endpoint" });
  await add.getByLabel("Name").fill("Metadata grab");
  await add.getByLabel("URL").fill("https://169.254.169.254/latest/meta-data");
  await add.getByRole("button", { name: "Add endpoint" }).click();
  await expect(add.locator("#webhook-url-error")).toContainText("That address is private or loopback");
  await add.getByLabel("URL").fill("https://hooks.invalid/keyward");
  await add.getByLabel("Name").fill("Automation");
  await add.getByRole("button", { name: "Add endpoint" }).click();
  const secret = await page.getByTestId("webhook-secret").inputValue();
  expect(secret).toMatch(/^whsec_/);
  rememberSecret(secret);
  const hook = page.getByTestId("webhook").filter({ hasText: "Automation" });
  await hook.getByRole("button", { name: "Send test" }).click();
  await expect(hook.getByText(/Not delivered: .* It will be retried\./)).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Webhook deliveries" }).getByRole("row").filter({ hasText: "webhook.test" }),
  ).toContainText("pending");
  await page.reload();
  await expect(page.getByTestId("webhook-secret")).toHaveCount(0);

  // An audit stream to a receiver that cannot be reached: the lag and the error are shown.
  const stream = page.getByRole("region", { name: "Add an audit stream" });
  await stream.getByLabel("Name").fill("SIEM");
  await stream.getByLabel("Receiver host").fill("10.0.0.9");
  await stream.getByRole("button", { name: "Add stream" }).click();
  await expect(stream.locator("#stream-host-error")).toContainText("That address is private or loopback");
  await stream.getByLabel("Receiver host").fill("siem.invalid");
  await stream.getByRole("button", { name: "Add stream" }).click();
  await expect(stream.getByText("Stream added")).toBeVisible();
  const listed = page.getByTestId("audit-stream").filter({ hasText: "SIEM" });
  await expect(listed).toContainText(/\d+ events? behind/);
  await expect(async () => {
    await page.reload();
    await expect(listed).toContainText("Last error");
  }).toPass({ timeout: 60_000 });

  // An HTTPS JSON-lines stream: plain http is refused unless allowed; the Authorization value is never shown back.
  const token = `Bearer journey-${Date.now()}-siem-token`;
  rememberSecret(token);
  await stream.getByLabel("HTTPS JSON lines").check();
  await stream.getByLabel("Name").fill("Data lake");
  await stream.getByLabel("Receiver URL").fill("http://lake.invalid/ingest");
  await stream.getByLabel("Authorization header (optional)").fill(token);
  await stream.getByRole("button", { name: "Add stream" }).click();
  await expect(stream.locator("#stream-url-error")).toContainText("Use an https:// URL");
  await stream.getByLabel("Receiver URL").fill("https://lake.invalid/ingest");
  await stream.getByRole("button", { name: "Add stream" }).click();
  await expect(stream.getByText("Stream added")).toBeVisible();
  const lake = page.getByTestId("audit-stream").filter({ hasText: "Data lake" });
  await expect(lake).toContainText("HTTPS JSON lines");
  await expect(lake).toContainText("https://lake.invalid/ingest");
  await expect(lake).toContainText("Sends an Authorization header");
  await expect(async () => {
    await page.reload();
    await expect(lake).toContainText("Last error");
  }).toPass({ timeout: 60_000 });
  expect(await page.content()).not.toContain(token);
  // The screenshots show the form with the HTTP fields.
  await stream.getByLabel("HTTPS JSON lines").check();
  await shoot(page, "integrations");
});

test("a key's page says whether its vendor reports when it was last used", async ({ page }) => {
  await signIn(page);
  const { connections } = (await (await page.request.get("/api/connections")).json()) as {
    connections: Array<{ id: string; vendor: string }>;
  };
  const res = await page.request.post("/api/keys", {
    headers: ORIGIN,
    data: {
      connectionId: connections.find((c) => c.vendor === "expedition")!.id,
      name: "last used journey",
      reason: "Notifications journey",
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { key, secret } = (await res.json()) as { key: { id: string }; secret: string };
  rememberSecret(secret);
  await page.goto(`/keys/${key.id}`);
  await expect(page.getByText("not reported by Palo Alto Networks Expedition")).toBeVisible();
  await shoot(page, "key-last-used");
  await page.goto("/keys");
  await expect(
    page.getByRole("row").filter({ hasText: "last used journey" }).getByRole("cell", { name: "not reported" }),
  ).toBeVisible();
  await shoot(page, "keys-inventory");
});
