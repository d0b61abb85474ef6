import { expect, test, type Browser, type Page } from "@playwright/test";
import { totpCodeAt } from "@/lib/auth/factors/totp-code";
import { openAccountMenu, rememberSecret, signIn, snap } from "./support/helpers";
import { ORIGIN, accountContext, createAccountByApi, uniqueEmail } from "./support/accounts";
import { E2E } from "./support/server-config";

// Second factors as a person meets them: a passkey on Chromium's virtual authenticator (CDP
// WebAuthn domain), an authenticator app whose codes the test computes, a recovery code, and a
// team that requires a factor. Each journey uses an account of its own.

const PASSWORD = "e2e-Second-Factor-Password-42";

/** A member account of the demo team, signed in with its own password and sudo confirmed. */
async function freshAccount(browser: Browser, label: string) {
  const adminContext = await browser.newContext({ baseURL: E2E.url });
  const admin = await adminContext.newPage();
  await signIn(admin);
  const email = uniqueEmail(label);
  const initial = await createAccountByApi(admin, email, "member");
  await adminContext.close();
  const { context, page } = await accountContext(browser, email, initial, PASSWORD);
  return { context, page, email };
}

/** A platform authenticator with user verification, as a laptop's fingerprint reader. */
async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return { cdp, authenticatorId };
}

async function signOut(page: Page) {
  await page.goto("/");
  await openAccountMenu(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

async function passwordStep(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function savedRecoveryCodes(page: Page): Promise<string[]> {
  const panel = page.getByTestId("recovery-codes");
  await expect(panel).toBeVisible();
  const codes = await panel.getByRole("listitem").allTextContents();
  expect(codes).toHaveLength(10);
  codes.forEach(rememberSecret);
  await page.getByRole("button", { name: "I have saved them" }).click();
  return codes;
}

/** The page's own alert (Next's route announcer is one too, outside main). */
const alertOn = (page: Page) => page.getByRole("main").getByRole("alert");

/** A code for the next 30-second step: the one just used to confirm may not be used again. */
const nextCode = (secret: string) => totpCodeAt(secret, Date.now() + 30_000);

test.describe("second factors", () => {
  test("a passkey: enrol, sign in with password and passkey, confirm sudo with it", async ({ browser }) => {
    const { context, page, email } = await freshAccount(browser, "passkey");
    const { cdp, authenticatorId } = await virtualAuthenticator(page);

    await page.goto("/account/security");
    await expect(page.getByText("No passkeys yet.")).toBeVisible();
    await snap(page, "account-security-empty");
    // Naming is required: the browser prompt is not opened without one.
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await expect(page.getByRole("link", { name: "Name the passkey (say, “Work laptop”)." })).toBeVisible();
    await expect(page.locator("#passkey-name-error")).toHaveText("Name the passkey (say, “Work laptop”).");
    await page.getByLabel("Name for a new passkey").fill("Work laptop");
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await snap(page, "account-security-recovery-codes");
    await savedRecoveryCodes(page);
    await expect(page.getByRole("button", { name: "Rename Work laptop" })).toBeVisible();
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    expect(credentials).toHaveLength(1);

    await page.getByRole("button", { name: "Rename Work laptop" }).click();
    await page.getByLabel("New name").fill("Laptop");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("button", { name: "Rename Laptop" })).toBeVisible();
    await expect(page.getByText(/not used yet/)).toBeVisible();
    await snap(page, "account-security-passkey");

    await signOut(page);
    // A wrong password reads the same as for an account without a factor.
    await passwordStep(page, email, "not-the-password");
    await expect(alertOn(page)).toHaveText("Invalid email or password.");
    await passwordStep(page, email);
    await expect(page.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
    // The password alone gave no session.
    expect((await page.request.get("/api/teams")).status()).toBe(401);
    const pending = (await context.cookies()).find((c) => c.name === "keyward-pending-sign-in");
    expect(pending).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    await snap(page, "sign-in-second-step-passkey");
    await page.getByRole("button", { name: "Use your passkey" }).click();
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    expect((await context.cookies()).some((c) => c.name === "keyward-pending-sign-in")).toBe(false);

    // Sudo with the passkey alone: the window is closed, new recovery codes need it.
    await context.clearCookies({ name: "keyward-sudo" });
    await page.goto("/account/security");
    await expect(page.getByText(/last used/)).toBeVisible();
    await page.getByRole("button", { name: "Make new recovery codes" }).click();
    const confirm = page.getByRole("dialog", { name: "Make new recovery codes?" });
    await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
    await confirm.getByRole("button", { name: "Make new codes" }).click();
    const dialog = page.getByRole("dialog", { name: "Confirm it is you" });
    await expect(dialog.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();
    await expect(dialog.getByLabel("Your password")).toHaveCount(0);
    await snap(page, "sudo-dialog-passkey");
    await dialog.getByRole("button", { name: "Use your passkey" }).click();
    await savedRecoveryCodes(page);
    await context.close();
  });

  test("an authenticator app: enrol by QR code and key, sign in with a code, no replay, then a recovery code", async ({
    browser,
  }) => {
    const { context, page, email } = await freshAccount(browser, "totp");
    await page.goto("/account/security");
    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
    const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
    rememberSecret(secret);
    await page.getByLabel("Code from the app").fill("000000");
    await page.getByRole("button", { name: "Confirm code" }).click();
    await expect(page.getByText("That code is not right.").first()).toBeVisible();
    await snap(page, "account-security-totp-error");
    await page.getByLabel("Code from the app").fill(totpCodeAt(secret, Date.now()));
    await page.getByRole("button", { name: "Confirm code" }).click();
    const codes = await savedRecoveryCodes(page);
    await expect(page.getByText(/Sign-in asks for its 6-digit code/)).toBeVisible();

    await signOut(page);
    await passwordStep(page, email);
    await expect(page.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Use your passkey" })).toHaveCount(0);
    const code = nextCode(secret);
    await page.getByLabel("Code from your authenticator app").fill("123 45");
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(alertOn(page)).toContainText("That code is not right.");
    await page.getByLabel("Code from your authenticator app").focus();
    await snap(page, "sign-in-second-step-error");
    await page.getByLabel("Code from your authenticator app").fill(code);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

    // The same code a second time is refused, even with the right password.
    await signOut(page);
    await passwordStep(page, email);
    await page.getByLabel("Code from your authenticator app").fill(code);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(alertOn(page)).toContainText("That code is not right.");

    // A recovery code signs in once, and the page says how many are left.
    await page.getByRole("button", { name: "Use a recovery code" }).click();
    await page.getByLabel("Recovery code").fill(codes[3]!.toUpperCase());
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await page.goto("/account/security");
    await expect(page.getByTestId("recovery-codes-left")).toContainText("9 of 10");
    await signOut(page);
    await passwordStep(page, email);
    await page.getByRole("button", { name: "Use a recovery code" }).click();
    await page.getByLabel("Recovery code").fill(codes[3]!);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(alertOn(page)).toContainText("used already");
    await context.close();
  });

  test("a team that requires a second factor sends a member without one to enrol first", async ({ browser }) => {
    // An admin of a team of their own (they have a factor: the rule applies to them too).
    const { context, page } = await freshAccount(browser, "owner");
    const team = await page.request.post("/api/teams", { headers: ORIGIN, data: { name: `Strict ${Date.now()}` } });
    expect(team.status(), await team.text()).toBe(201);
    const { team: created } = (await team.json()) as { team: { id: string } };
    const switched = await page.request.post(`/api/teams/${created.id}/switch`, { headers: ORIGIN });
    expect(switched.status(), await switched.text()).toBe(201);
    const settings = { selfApproval: false, approvalWindowMinutes: 1440, requireSecondFactor: true };
    const tooEarly = await page.request.put("/api/team/settings", { headers: ORIGIN, data: settings });
    expect(tooEarly.status(), await tooEarly.text()).toBe(409);

    const start = await page.request.post("/api/account/totp", { headers: ORIGIN });
    expect(start.status(), await start.text()).toBe(201);
    const { secret } = (await start.json()) as { secret: string };
    rememberSecret(secret);
    const confirm = await page.request.post("/api/account/totp/confirm", {
      headers: ORIGIN,
      data: { code: totpCodeAt(secret, Date.now()) },
    });
    expect(confirm.status(), await confirm.text()).toBe(201);
    ((await confirm.json()) as { recoveryCodes: string[] }).recoveryCodes.forEach(rememberSecret);
    const on = await page.request.put("/api/team/settings", { headers: ORIGIN, data: settings });
    expect(on.status(), await on.text()).toBe(200);

    // A new member of that team, without a factor.
    const email = uniqueEmail("strict");
    const initial = await createAccountByApi(page, email, "member");
    await context.close();
    const member = await accountContext(browser, email, initial, PASSWORD);
    await member.page.goto("/");
    await expect(member.page).toHaveURL(/\/account\/security$/);
    await expect(member.page.getByText("Your team requires a second factor")).toBeVisible();
    await expect(member.page.getByRole("link", { name: "Back to the console" })).toHaveCount(0);
    await snap(member.page, "account-security-required");
    const refused = await member.page.request.get("/api/team/members");
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "second_factor_required" } });

    await virtualAuthenticator(member.page);
    await member.page.getByLabel("Name for a new passkey").fill("Phone");
    await member.page.getByRole("button", { name: "Add a passkey" }).click();
    await savedRecoveryCodes(member.page);
    await member.page.getByRole("link", { name: "Back to the console" }).click();
    await expect(member.page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    expect((await member.page.request.get("/api/team/members")).status()).toBe(200);
    await member.context.close();
  });
});
