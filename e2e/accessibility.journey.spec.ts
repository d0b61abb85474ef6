import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { rememberSecret, signIn } from "./support/helpers";
import { ORIGIN, warmUp } from "./support/accounts";
import { E2E } from "./support/server-config";

/**
 * Every page, as each role sees it, in light and dark, on a desktop and on a phone: no serious or
 * critical axe finding (contrast, names, landmarks) and nothing wider than the screen.
 */

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const VIEWPORTS = [
  { name: "desktop", ...DESKTOP },
  { name: "phone", ...PHONE },
];
const SCHEMES = ["light", "dark"] as const;

/**
 * Checks the page as it stands in all four looks and returns what is wrong, one line each.
 * `sideways: false` leaves the width to the page's own test (the keys table's).
 */
async function problemsOn(page: Page, label: string, { sideways = true } = {}): Promise<string[]> {
  const problems: string[] = [];
  for (const { name, width, height } of VIEWPORTS) {
    await page.setViewportSize({ width, height });
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      const { violations } = await new AxeBuilder({ page }).analyze();
      for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
        const where = v.nodes.slice(0, 4).map((n) => `${n.target.join(" ")} ${n.failureSummary?.split("\n")[1] ?? ""}`);
        problems.push(`${label} ${name} ${colorScheme}: ${v.id} (${v.nodes.length}) ${where.join(" | ")}`);
      }
      if (sideways) {
        const { scrollWidth, innerWidth, sticksOut } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
          // The innermost elements past the right edge name the culprit in the report.
          sticksOut: [...document.body.querySelectorAll("*")]
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
            .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 1))
            .slice(0, 3)
            .map((el) => `<${el.tagName.toLowerCase()} class="${el.getAttribute("class") ?? ""}">`),
        }));
        if (scrollWidth > innerWidth)
          problems.push(
            `${label} ${name} ${colorScheme}: ${scrollWidth} px wide on a ${innerWidth} px screen: ${sticksOut.join(" ")}`,
          );
      }
    }
  }
  await page.setViewportSize(DESKTOP);
  await page.emulateMedia({ colorScheme: "light" });
  return problems;
}

/** Opens each page, waits for its heading, and checks it; reports every page's findings at once. */
async function walk(page: Page, pages: Array<{ path: string; heading: string | RegExp; sideways?: boolean }>) {
  for (const { path, heading, sideways } of pages) {
    await page.goto(path);
    // The sudo popup's answer page is only a message, without a heading.
    await expect(
      path.startsWith("/sudo/") ? page.getByText(heading) : page.getByRole("heading", { name: heading, level: 1 }),
    ).toBeVisible();
    expect.soft(await problemsOn(page, path, { sideways }), path).toEqual([]);
  }
}

test("signed out: login, an invite, an unknown invite and a missing page", async ({ page, browser }) => {
  test.setTimeout(240_000);
  await warmUp(page);
  await walk(page, [
    { path: "/login", heading: "Sign in to the console" },
    { path: `/invite/${"u".repeat(43)}`, heading: "This invite link was not found" },
    { path: "/no/such/page", heading: "Page not found" },
  ]);
  await signIn(page);
  const made = await page.request.post("/api/team/invites", { headers: ORIGIN, data: { role: "member", days: 1 } });
  expect(made.status(), await made.text()).toBe(201);
  const { invite } = (await made.json()) as { invite: { path: string; token: string } };
  rememberSecret(invite.token);
  const visitor = await browser.newContext();
  const invited = await visitor.newPage();
  await invited.goto(invite.path);
  await expect(invited.getByRole("heading", { level: 1 })).toBeVisible();
  expect.soft(await problemsOn(invited, "/invite/…"), "invite").toEqual([]);
  await visitor.close();
});

/** The member's waiting request, withdrawn after the walks: later journeys count on an empty approval queue. */
let waitingRequestId: string | null = null;

test.afterAll(async ({ browser }) => {
  if (!waitingRequestId) return;
  const context = await browser.newContext({ baseURL: E2E.url });
  const page = await context.newPage();
  await signIn(page, E2E.memberPassword, { email: E2E.memberEmail });
  const cancelled = await page.request.post(`/api/requests/${waitingRequestId}/cancel`, { headers: ORIGIN });
  expect(cancelled.status(), await cancelled.text()).toBe(201);
  await context.close();
});

test("as a member: the dashboard, keys, requests, a request form and a forbidden page", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, E2E.memberPassword, { email: E2E.memberEmail });
  const { connections } = (await (await page.request.get("/api/connections")).json()) as {
    connections: Array<{ id: string; vendor: string }>;
  };
  const expedition = connections.find((c) => c.vendor === "expedition")!;
  // A waiting request, so My requests (and the admin's Approvals after) show a card, not an empty state.
  const filed = await page.request.post("/api/requests", {
    headers: ORIGIN,
    data: {
      connectionId: connections.find((c) => c.vendor === "panos")!.id,
      name: "accessibility request with a rather long name",
      scope: ["api-readonly"],
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      fields: {},
      reason: "Accessibility journey: a reason long enough to wrap on a phone's narrow screen",
    },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  waitingRequestId = ((await filed.json()) as { request: { id: string } }).request.id;
  await walk(page, [
    { path: "/", heading: "Dashboard" },
    { path: "/keys", heading: "Keys", sideways: false },
    { path: "/requests", heading: /requests/i },
    { path: `/requests/new?connection=${expedition.id}`, heading: /Request/ },
    { path: `/connections/${expedition.id}`, heading: /./ },
    { path: "/team", heading: /./ },
    { path: "/notifications", heading: "Notifications" },
    { path: "/approvals", heading: "Your role does not allow this page" },
  ]);
});

test("as an admin: a fresh key's copy-once panel and its page, then every console page", async ({ page }) => {
  test.setTimeout(600_000);
  await signIn(page);
  const { connections } = (await (await page.request.get("/api/connections")).json()) as {
    connections: Array<{ id: string; vendor: string; name: string }>;
  };
  const expedition = connections.find((c) => c.vendor === "expedition")!;
  // The issue form with a vendor chosen, then the copy-once panel and the new key's page.
  await page.goto(`/keys/new?connection=${expedition.id}`);
  await expect(page.getByRole("heading", { name: "Issue a key" })).toBeVisible();
  await page.getByLabel("Reason").fill("Accessibility journey");
  await page.getByLabel("Key name").fill("accessibility check");
  expect.soft(await problemsOn(page, "/keys/new (Expedition)"), "issue form").toEqual([]);
  await page.getByRole("button", { name: "Issue key" }).click();
  await expect(page.getByRole("heading", { name: /issued — copy it now/ })).toBeVisible();
  await page.getByRole("button", { name: "Reveal" }).click();
  const secret = await page.getByTestId("secret-value").inputValue();
  rememberSecret(secret);
  await page.getByRole("button", { name: "Hide" }).click();
  expect.soft(await problemsOn(page, "copy-once panel"), "copy-once panel").toEqual([]);
  // On a phone the masked secret still shows as many dots as fit the screen, not a handful.
  await page.setViewportSize(PHONE);
  const field = await page.getByTestId("secret-value").boundingBox();
  expect(field!.width).toBeGreaterThan(PHONE.width / 2);
  await page.setViewportSize(DESKTOP);
  await page.getByRole("link", { name: "I have stored it — go to the key" }).click();
  await expect(page.getByRole("heading", { name: "accessibility check", level: 1 })).toBeVisible();
  expect.soft(await problemsOn(page, "/keys/[id]"), "key page").toEqual([]);

  // A vendor whose form loads its roles live: the picker's names and descriptions.
  const xsiam = connections.find((c) => c.vendor === "xsiam")!;
  await page.goto(`/keys/new?connection=${xsiam.id}`);
  await expect(page.getByRole("checkbox").first()).toBeVisible({ timeout: 60_000 });
  expect.soft(await problemsOn(page, "/keys/new (Cortex XSIAM)"), "issue form with roles").toEqual([]);

  // Then every page, with that key, its request and the member's waiting one in the lists.
  await walk(page, [
    { path: "/", heading: "Dashboard" },
    { path: "/connections", heading: "Connections" },
    { path: "/connections/new", heading: /connection/i },
    { path: `/connections/${expedition.id}`, heading: expedition.name },
    { path: `/connections/${expedition.id}/edit`, heading: /Edit/ },
    { path: "/keys", heading: "Keys", sideways: false },
    { path: "/requests", heading: /requests/i },
    { path: "/approvals", heading: "Approvals" },
    { path: "/audit", heading: "Audit log" },
    { path: "/team", heading: /./ },
    { path: "/notifications", heading: "Notifications" },
    { path: "/notifications/outbox", heading: "Local outbox" },
    { path: "/integrations", heading: "Integrations" },
    { path: "/account/sessions", heading: "Your sessions" },
    { path: "/account/password", heading: /password/i },
    { path: "/account/security", heading: /./ },
    { path: "/keys/00000000-0000-4000-8000-000000000000", heading: "Page not found" },
    { path: "/sudo/sso/done?error=expired", heading: "The re-authentication took too long" },
  ]);
});

test("as an auditor: the dashboard, keys, requests, the audit log and the team", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, E2E.auditorPassword, { email: E2E.auditorEmail });
  await walk(page, [
    { path: "/", heading: "Dashboard" },
    { path: "/keys", heading: "Keys", sideways: false },
    { path: "/requests", heading: /requests/i },
    { path: "/audit", heading: "Audit log" },
    { path: "/notifications", heading: "Notifications" },
    { path: "/team", heading: /./ },
  ]);
});

test("the first Tab reaches a skip link that moves focus to the page's main content", async ({ page }) => {
  await signIn(page);
  for (const path of ["/", "/login"]) {
    await page.goto(path);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();
    // The next Tab continues inside the main content, past the header.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.querySelector("main")!.contains(document.activeElement))).toBe(true);
  }
});

test("on a phone the header folds into a menu: a button opens it, Esc closes it", async ({ page }) => {
  await signIn(page);
  await page.setViewportSize(PHONE);
  await page.goto("/");
  const menu = page.getByRole("button", { name: /Menu/ });
  const keys = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Keys", exact: true });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(keys).toBeHidden();
  const header = await page.locator("header").boundingBox();
  expect(header!.height).toBeLessThan(PHONE.height / 10);
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(keys).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();
  await expect(keys).toBeHidden();
  // Following a link closes it again on the new page.
  await menu.press("Enter");
  await keys.click();
  await expect(page.getByRole("heading", { name: "Keys", level: 1 })).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  // On a desktop the links stand in the header and there is no menu button.
  await page.setViewportSize(DESKTOP);
  await expect(menu).toBeHidden();
  await expect(keys).toBeVisible();
});
