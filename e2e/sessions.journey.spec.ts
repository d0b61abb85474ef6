import { expect, test } from "@playwright/test";
import { openAccountMenu, signIn, snap } from "./support/helpers";
import { accountContext, createAccountByApi, ORIGIN, signInAs, uniqueEmail, warmUp } from "./support/accounts";
import { E2E } from "./support/server-config";

// Server-side sessions as a person meets them: Account → Sessions lists every browser signed in
// to the account, one can be signed out from another, "Sign out everywhere" ends them all, and a
// session's cookie is worthless once its session has ended.

const SAFARI_ON_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";

test.describe.configure({ mode: "serial" });

test("signed in twice: one browser lists the sessions and revokes the other, which is sent to sign in", async ({
  page,
  browser,
}) => {
  await warmUp(page);
  await signIn(page);
  const email = uniqueEmail("sessions");
  const password = "sessions-password-1";
  const first = await accountContext(browser, email, await createAccountByApi(page, email, "member"), password);
  const secondContext = await browser.newContext({ baseURL: E2E.url, userAgent: SAFARI_ON_MAC });
  const second = await secondContext.newPage();
  await signInAs(second, email, password);
  await expect(second.getByRole("heading", { name: "Dashboard" })).toBeVisible();

  // The header leads to the account's sessions.
  const mine = first.page;
  await mine.goto("/");
  await openAccountMenu(mine);
  await mine.getByRole("banner").getByRole("link", { name: "Sessions", exact: true }).click();
  await expect(mine.getByRole("heading", { name: "Your sessions" })).toBeVisible();
  const sessions = mine.getByTestId("session");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.first()).toHaveAccessibleName("Headless Chrome on Linux, this session");
  await expect(sessions.first().getByText("This session")).toBeVisible();
  // This session cannot be revoked from the list (Sign out does that); the other can.
  await expect(sessions.first().getByRole("button")).toHaveCount(0);
  const other = mine.getByRole("listitem", { name: "Safari on macOS", exact: true });
  await expect(other).toContainText("Password");
  await expect(other).toContainText("127.0.0.1");
  await snap(mine, "sessions");

  await other.getByRole("button", { name: /^Revoke Safari on macOS/ }).click();
  const confirm = mine.getByRole("dialog", { name: "Sign this session out?" });
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirm.getByRole("button", { name: "Sign it out" }).click();
  await expect(mine.getByRole("status").filter({ hasText: "Safari on macOS" })).toContainText("is signed out");
  await expect(sessions).toHaveCount(1);
  await expect(mine.getByText("No other browser is signed in to your account.")).toBeVisible();
  await snap(mine, "sessions-only-this-one");

  // The revoked browser still holds its cookie; its next navigation asks it to sign in, and the BFF says 401.
  expect((await secondContext.cookies()).some((c) => c.name === "next-auth.session-token")).toBe(true);
  await second.goto("/keys");
  await expect(second).toHaveURL(/\/login/);
  await expect(second.getByRole("heading", { name: "Sign in to the console" })).toBeVisible();
  expect((await second.request.get("/api/teams")).status()).toBe(401);
  // The browser that revoked it is still signed in.
  expect((await mine.request.get("/api/teams")).status()).toBe(200);

  // "Sign out everywhere" asks first: Cancel has the focus, Esc closes without doing anything.
  await signInAs(second, email, password);
  await mine.reload();
  await expect(sessions).toHaveCount(2);
  await mine.getByRole("button", { name: "Sign out everywhere" }).click();
  const dialog = mine.getByRole("dialog", { name: "Sign out everywhere?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expect(dialog).toContainText("all 2 sessions");
  await snap(mine, "sessions-sign-out-everywhere");
  await mine.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect((await second.request.get("/api/teams")).status()).toBe(200);

  await mine.getByRole("button", { name: "Sign out everywhere" }).click();
  await dialog.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(mine).toHaveURL(/\/login/);
  await second.goto("/");
  await expect(second).toHaveURL(/\/login/);
  expect((await second.request.get("/api/teams")).status()).toBe(401);
  expect((await mine.request.get("/api/teams")).status()).toBe(401);

  await first.context.close();
  await secondContext.close();
});

test("a session's cookie, kept after signing out, signs nobody in", async ({ page, browser }) => {
  await signIn(page);
  const kept = await page.context().storageState();
  expect(kept.cookies.some((c) => c.name === "next-auth.session-token")).toBe(true);
  await openAccountMenu(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  // Someone who copied the cookie before the sign-out replays it.
  const thief = await browser.newContext({ baseURL: E2E.url, storageState: kept });
  const replay = await thief.newPage();
  await replay.goto("/");
  await expect(replay).toHaveURL(/\/login/);
  expect((await replay.request.get("/api/keys")).status()).toBe(401);
  const issue = await replay.request.post("/api/keys", {
    headers: ORIGIN,
    data: { connectionId: "00000000-0000-4000-8000-000000000000", name: "x", reason: "replayed cookie" },
  });
  expect(issue.status()).toBe(401);
  await thief.close();
});
