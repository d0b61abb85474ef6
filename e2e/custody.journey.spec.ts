import { expect, test } from "@playwright/test";
import { openIssueForm, rememberSecret, signIn, snap } from "./support/helpers";
import { accountContext, createAccountByApi, ORIGIN, uniqueEmail } from "./support/accounts";

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

test("removing a member shows their live keys and revokes them in the same confirmation", async ({ page, browser }) => {
  await signIn(page);
  const email = uniqueEmail("leaver");
  const leaver = await accountContext(
    browser,
    email,
    await createAccountByApi(page, email, "member"),
    "leaver-password-1",
  );
  const { connections } = (await (await page.request.get("/api/connections")).json()) as {
    connections: Array<{ id: string; vendor: string }>;
  };
  const panos = connections.find((c) => c.vendor === "panos")!.id;

  // The member gets a key the ordinary way: request, approval, their own issue.
  const filed = await leaver.page.request.post("/api/requests", {
    headers: ORIGIN,
    data: {
      connectionId: panos,
      name: "leaver key",
      scope: ["api-readonly"],
      // A member's key must expire (the demo's member grant does not allow "never").
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      fields: {},
      reason: "Offboarding journey",
    },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  const requestId = ((await filed.json()) as { request: { id: string } }).request.id;
  expect((await page.request.post(`/api/requests/${requestId}/approve`, { headers: ORIGIN, data: {} })).status()).toBe(
    201,
  );
  const issued = await leaver.page.request.post(`/api/requests/${requestId}/issue`, { headers: ORIGIN });
  expect(issued.status(), await issued.text()).toBe(201);
  const { key, secret } = (await issued.json()) as { key: { id: string }; secret: string };
  rememberSecret(secret);

  await page.goto("/team");
  await page.getByRole("button", { name: `Remove ${email}` }).click();
  const dialog = page.getByRole("dialog", { name: `Remove ${email} from the team?` });
  await expect(dialog.getByText("1 live key")).toBeVisible();
  await expect(dialog.getByRole("list", { name: "Their live keys" })).toContainText("leaver key");
  await expect(dialog.getByLabel("Revoke them on their vendors")).toBeChecked();
  await snap(page, "team-remove-member-with-keys");
  await dialog.getByRole("button", { name: "Remove member" }).click();
  await expect(page.getByText(`${email} was removed and their 1 key revoked.`)).toBeVisible();
  await expect(page.getByTestId(`member-${email}`)).toHaveCount(0);

  const after = (await (await page.request.get(`/api/keys/${key.id}`)).json()) as { key: { status: string } };
  expect(after.key.status).toBe("revoked");
  // The removal ended the leaver's sessions: their browser is signed out.
  expect((await leaver.page.request.get("/api/keys")).status()).toBe(401);
  await leaver.context.close();
});
