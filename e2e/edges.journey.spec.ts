import { request as httpRequest } from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { signIn, snap } from "./support/helpers";
import { accountContext, createAccountByApi, uniqueEmail, warmUp } from "./support/accounts";
import { E2E } from "./support/server-config";

// The console's edges: a Content-Security-Policy no page violates, no answer to a foreign Host
// (DNS rebinding), and sign-in throttling that slows guessing without locking anyone out.

/** Collects CSP violations and console errors of every page the browser opens. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction("reportViolation", (text: string) => seen.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { reportViolation: (t: string) => void }).reportViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"} on ${location.pathname}`,
      );
    });
  });
  page.on("console", (msg) => {
    // The browser asks for /favicon.ico on its own; the console has none (404), which is no violation.
    if (msg.type() === "error" && !msg.location().url.endsWith("/favicon.ico"))
      seen.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  return seen;
}

/** A raw request with a chosen Host header (the browser API would not let us set one). */
function withHost(path: string, host: string): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: E2E.port, path, headers: { host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers["content-type"]) }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("every main page carries a nonce-based policy and loads without a single violation", async ({ page }) => {
  const violations = await watchViolations(page);
  await warmUp(page);
  const login = await page.goto("/login");
  const csp = login!.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).not.toContain("unsafe-eval");
  for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"])
    expect(csp).toContain(d);
  // A console on plain http sends no HSTS.
  expect(login!.headers()["strict-transport-security"]).toBeUndefined();
  // A fresh nonce per request.
  const again = await page.request.get("/login");
  expect(again.headers()["content-security-policy"]).not.toBe(csp);

  await signIn(page);
  for (const path of ["/", "/keys", "/keys/new", "/team", "/audit"]) {
    await page.goto(path);
    await expect(page.locator("main")).toBeVisible();
    // Client components hydrated: a link in the main navigation works without a full reload.
    await page.waitForLoadState("networkidle");
  }
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Keys" }).click();
  await expect(page).toHaveURL(/\/keys/);
  expect(violations).toEqual([]);
});

test("a request for another host name gets a plain 421 before any page or route runs", async () => {
  for (const path of ["/login", "/invite/abc", "/api/auth/csrf", "/api/team/members"]) {
    const res = await withHost(path, "rebind.attacker.test");
    expect(res.status, path).toBe(421);
    expect(res.type).toContain("text/plain");
    expect(res.body).not.toMatch(/keyward|csrf|<html/i);
  }
  const ok = await withHost("/login", `localhost:${E2E.port}`);
  expect(ok.status).toBe(200);
});

test("wrong passwords slow an account down with a clear wait, and an admin's unlock lifts it", async ({
  page,
  browser,
}) => {
  await warmUp(page);
  await signIn(page);
  const email = uniqueEmail("slowed");
  const first = await createAccountByApi(page, email, "member");
  const { context } = await accountContext(browser, email, first, "slowed-own-password-1");
  await context.close();

  const visitor = await browser.newContext({ baseURL: E2E.url });
  const login = await visitor.newPage();
  await login.goto("/login");
  await login.getByLabel("Email").fill(email);
  for (let i = 0; i < 5; i++) {
    await login.getByLabel("Password").fill(`wrong-guess-${i}`);
    await login.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(login.getByRole("alert").filter({ hasText: "Invalid email or password." })).toBeVisible();
  }
  // Even the right password waits now; the message says how long, no "locked".
  await login.getByLabel("Password").fill("slowed-own-password-1");
  await login.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(
    login.getByRole("alert").filter({ hasText: /^Too many attempts; try again in \d+ seconds?\.$/ }),
  ).toBeVisible();

  await page.goto("/team");
  const unlock = page.getByRole("button", { name: `Unlock sign-in of ${email}` });
  await unlock.click();
  const dialog = page.getByRole("dialog", { name: `Unlock sign-in for ${email}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await snap(page, "team-unlock");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await unlock.click();
  await dialog.getByRole("button", { name: "Unlock sign-in" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${email} can sign in again` })).toBeVisible();

  await login.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(login.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await visitor.close();

  const events = (await (await page.request.get("/api/audit?action=team.member.unlock")).json()) as {
    events: Array<{ action: string }>;
  };
  expect(events.events.map((e) => e.action)).toContain("team.member.unlock");
});
