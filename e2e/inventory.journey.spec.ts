import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { rememberSecret, snap } from "./support/helpers";
import { E2E } from "./support/server-config";

/**
 * The keys inventory: filter, sort, page by cursor, export the filtered view, and the dashboard's
 * counts. Other journeys issue keys too, so every check narrows to this run's name prefix.
 */

const prefix = `inv${Date.now().toString(36)}`;
const day = 86_400_000;

async function issue(page: Page, data: Record<string, unknown>): Promise<void> {
  const res = await page.request.post("/api/keys", {
    headers: { origin: E2E.url },
    data: { reason: "inventory journey", ...data },
  });
  expect(res.status(), await res.text()).toBe(201);
  const body = (await res.json()) as { secret: string };
  rememberSecret(body.secret);
}

/**
 * signIn from the helpers, with more patience: on a 2-core machine shared with other builds the
 * argon2 check alone has taken 13 s, which leaves the helper's 15 s little room for the dashboard.
 */
async function signIn(page: Page): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(E2E.adminEmail);
  await page.getByLabel("Password").fill(E2E.adminPassword);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible({ timeout: 60_000 });
  expect(
    (
      await page.request.post("/api/auth/sudo", { headers: { origin: E2E.url }, data: { password: E2E.adminPassword } })
    ).status(),
  ).toBe(201);
}

const rowNames = (page: Page) => page.locator("tbody tr td:first-child a").allTextContents();

test("keys inventory without vendor calls: filter bar in the URL, no results, export, API errors, dashboard widgets", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page);
  await expect(page.getByTestId("expiring-7")).toHaveText(/^\d/);
  await expect(page.getByTestId("expiring-30")).toHaveText(/^\d/);
  await expect(page.getByTestId("pending-approvals")).toHaveText(/^\d+$/);
  await expect(page.getByRole("region", { name: "Keys per vendor" })).toBeVisible();
  await snap(page, "dashboard-inventory");

  await page.goto(`/keys?q=${prefix}-none`);
  await expect(page.getByRole("heading", { name: "No keys match these filters" })).toBeVisible();
  await page.getByLabel("Status").selectOption("expired");
  await page.getByLabel("Expiring within").selectOption("7");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=expired/);
  await expect(page).toHaveURL(/expiringWithinDays=7/);
  await expect(page.getByLabel("Name starts with")).toHaveValue(`${prefix}-none`);
  await expect(page.getByRole("heading", { name: "No keys match these filters" })).toBeVisible();
  await snap(page, "keys-no-results");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(readFileSync((await download.path())!, "utf8")).toMatch(
    /^id,name,vendor,connection,owner,approver,scope,status,issued_at,expires_at,fingerprint_sha256,last_four,vendor_key_id,last_used_at\r\n$/,
  );

  const list = await page.request.get("/api/keys?limit=2");
  expect(list.status()).toBe(200);
  expect(list.headers()["cache-control"]).toContain("no-store");
  const body = (await list.json()) as { keys: unknown[]; nextCursor: unknown };
  expect(Array.isArray(body.keys)).toBe(true);
  expect(body).toHaveProperty("nextCursor");
  const bad = await page.request.get("/api/keys?cursor=garbage!");
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toMatch(/first page/);
  expect((await page.request.get("/api/keys?limit=101")).status()).toBe(422);
  expect((await page.request.get("/api/keys?sort=owner")).status()).toBe(422);
  expect((await page.request.get("/api/keys/export?format=xlsx")).status()).toBe(400);
  await page.goto(`/keys?q=${prefix}-none&cursor=garbage!`);
  await expect(page.getByText("Showing the first page")).toBeVisible();
});

test("keys inventory: filter, sort, paginate, export; dashboard counts", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page);
  const { connections } = (await (await page.request.get("/api/connections")).json()) as {
    connections: Array<{ id: string; vendor: string }>;
  };
  const xsiam = connections.find((c) => c.vendor === "xsiam")!;
  // The role list is a live vendor call (Cortex XSIAM: roles and an expiry picker); on a loaded machine the first one may time out.
  let rolesRes = await page.request.get(`/api/connections/${xsiam.id}/roles`);
  for (let i = 0; i < 3 && rolesRes.status() !== 200; i++)
    rolesRes = await page.request.get(`/api/connections/${xsiam.id}/roles`);
  expect(rolesRes.status(), await rolesRes.text()).toBe(200);
  const { roles } = (await rolesRes.json()) as { roles: Array<{ id: string }> };
  const inDays = (n: number) => new Date(Date.now() + n * day).toISOString();
  await issue(page, {
    connectionId: xsiam.id,
    name: `${prefix}-alpha`,
    scope: [roles[0]!.id],
    securityLevel: "standard",
    expiresAt: inDays(5),
  });
  await issue(page, {
    connectionId: xsiam.id,
    name: `${prefix}-bravo`,
    scope: [roles[0]!.id],
    securityLevel: "standard",
    expiresAt: inDays(20),
  });
  await issue(page, {
    connectionId: xsiam.id,
    name: `${prefix}-charlie`,
    scope: [roles[0]!.id],
    securityLevel: "standard",
    expiresAt: inDays(100),
  });
  await issue(page, {
    connectionId: xsiam.id,
    name: `${prefix}-delta`,
    scope: [roles[0]!.id],
    securityLevel: "standard",
    expiresAt: inDays(150),
  });
  await issue(page, {
    connectionId: xsiam.id,
    name: `${prefix}-echo`,
    scope: [roles[0]!.id],
    securityLevel: "standard",
    expiresAt: inDays(170),
  });
  // All on Cortex XSIAM: PAN-OS keys of one account share their last four (base64 padding), which
  // would make the PAN-OS journey's "…last four" lookup ambiguous.
  await issue(page, {
    connectionId: xsiam.id,
    name: `=${prefix}-formula`,
    scope: [roles[0]!.id],
    securityLevel: "standard",
    expiresAt: inDays(160),
  });

  // Filter by name through the labelled filter bar: the view becomes a link.
  await page.goto("/keys");
  await page.getByLabel("Name starts with").fill(prefix.toUpperCase());
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${prefix.toUpperCase()}`));
  await expect(page.locator("tbody tr")).toHaveCount(5);
  await snap(page, "keys-inventory");

  // Sort by name, both ways.
  await page.getByRole("link", { name: /^Name/ }).click();
  await expect(page.getByRole("columnheader", { name: /^Name/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(page.getByRole("columnheader", { name: /^Issued/ })).toHaveAttribute("aria-sort", "none");
  expect(await rowNames(page)).toEqual(["alpha", "bravo", "charlie", "delta", "echo"].map((n) => `${prefix}-${n}`));
  await page.getByRole("link", { name: /^Name/ }).click();
  await expect(page.getByRole("columnheader", { name: /^Name/ })).toHaveAttribute("aria-sort", "descending");
  expect((await rowNames(page))[0]).toBe(`${prefix}-echo`);

  // Two per page, forward to the end and back to the start, by cursor.
  // Each page says where it stands in the filtered total.
  const pages = page.getByRole("navigation", { name: "Pages" });
  await page.goto(`/keys?q=${prefix}&sort=name&limit=2`);
  expect(await rowNames(page)).toEqual([`${prefix}-alpha`, `${prefix}-bravo`]);
  await expect(pages).toContainText("Showing 1–2 of 5 keys");
  await expect(page.getByRole("link", { name: "Previous page" })).toHaveCount(0);
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page.locator("tbody tr").first()).toContainText(`${prefix}-charlie`);
  expect(await rowNames(page)).toEqual([`${prefix}-charlie`, `${prefix}-delta`]);
  await expect(pages).toContainText("Showing 3–4 of 5 keys");
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page.locator("tbody tr").first()).toContainText(`${prefix}-echo`);
  await expect(pages).toContainText("Showing 5–5 of 5 keys");
  await expect(page.getByRole("link", { name: "Next page" })).toHaveCount(0);
  await page.getByRole("link", { name: "Previous page" }).click();
  await expect(page.locator("tbody tr").first()).toContainText(`${prefix}-charlie`);
  await expect(pages).toContainText("Showing 3–4 of 5 keys");
  await page.getByRole("link", { name: "Previous page" }).click();
  await expect(page.locator("tbody tr").first()).toContainText(`${prefix}-alpha`);
  await expect(pages).toContainText("Showing 1–2 of 5 keys");
  await expect(page.getByRole("link", { name: "Previous page" })).toHaveCount(0);
  const counted = (await (await page.request.get(`/api/keys?q=${prefix}&limit=2`)).json()) as {
    total: { count: number; more: boolean };
    start: number;
  };
  expect(counted).toMatchObject({ total: { count: 5, more: false }, start: 0 });

  // Page size: a link that survives reload and the filter bar; a damaged size is dropped, the filter kept.
  await page.getByRole("link", { name: "50 per page" }).click();
  await expect(page).toHaveURL(/limit=50/);
  await expect(pages).toContainText(/^5 keys/);
  await page.reload();
  await expect(pages.getByText("50", { exact: true })).toHaveAttribute("aria-current", "true");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/limit=50/);
  await page.goto(`/keys?q=${prefix}&limit=abc`);
  await expect(page.getByText(/not understood \(limit\)/)).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveCount(5);

  // One key per line at desktop width: no row taller than a single line of text and its padding.
  await page.setViewportSize({ width: 1280, height: 800 });
  const heights = await page
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
  expect(Math.max(...heights)).toBeLessThan(48);
  // On a phone the rows become cards: nothing on the keys page reaches past the screen's edge.
  await page.setViewportSize({ width: 390, height: 844 });
  const widest = await page.evaluate(() =>
    Math.max(...Array.from(document.querySelectorAll("main *")).map((e) => e.getBoundingClientRect().right)),
  );
  expect(widest).toBeLessThanOrEqual(390);
  await expect(page.getByRole("link", { name: `${prefix}-alpha` })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 720 });

  // Vendor and expiry window: what expires within 30 days on Cortex XSIAM.
  await page.goto(`/keys?q=${prefix}`);
  await page.getByLabel("Vendor").selectOption("xsiam");
  await page.getByLabel("Expiring within").selectOption("30");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/expiringWithinDays=30/);
  await expect(page.locator("tbody tr")).toHaveCount(2);
  const alphaRow = page.locator("tbody tr", { hasText: `${prefix}-alpha` });
  await expect(alphaRow).toContainText(/in [45] days/);
  // The exact time, in UTC, is the expiry's tooltip (and on the key's page).
  await expect(alphaRow.locator("time").last()).toHaveAttribute("title", /UTC/);
  await expect(alphaRow).toContainText("active");
  await expect(alphaRow).toContainText(/ends …\w{4}/);
  await snap(page, "keys-inventory-filtered");

  // Export the filtered view and read the file.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  const csv = readFileSync((await download.path())!, "utf8");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toMatch(/^id,name,vendor,connection,owner,approver/);
  expect(lines).toHaveLength(3);
  expect(csv).toContain(`${prefix}-alpha`);
  expect(csv).toContain(`${prefix}-bravo`);
  expect(csv).not.toContain(`${prefix}-charlie`);
  // A name a spreadsheet would run as a formula is exported as text.
  const formula = await (
    await page.request.get(`/api/keys/export?q=${encodeURIComponent(`=${prefix}`)}&format=csv`)
  ).text();
  expect(formula).toContain(`'=${prefix}-formula`);

  // The API: same filters, backward-compatible shape, a bad cursor is a 400 that says what to do.
  const api = (await (await page.request.get(`/api/keys?q=${prefix}&sort=name&limit=2`)).json()) as {
    keys: Array<{ name: string }>;
    nextCursor: string | null;
  };
  expect(api.keys.map((k) => k.name)).toEqual([`${prefix}-alpha`, `${prefix}-bravo`]);
  expect(typeof api.nextCursor).toBe("string");
  const bad = await page.request.get("/api/keys?cursor=garbage!");
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toMatch(/first page/);
  await page.goto("/keys?cursor=garbage!");
  await expect(page.getByText("Showing the first page")).toBeVisible();

  // Dashboard: the counts link to the filtered list.
  await page.goto("/");
  await expect(page.getByTestId("expiring-7")).toHaveText(/^[1-9]/);
  await expect(page.getByTestId("expiring-30")).toHaveText(/^[2-9]|^\d\d/);
  await expect(page.getByTestId("pending-approvals")).toHaveText(/^\d+$/);
  await expect(page.getByRole("region", { name: "Keys per vendor" })).toContainText("Cortex XSIAM");
  await snap(page, "dashboard-inventory-with-keys");
  await page.getByRole("region", { name: "Keys expiring in 7 days" }).getByRole("link", { name: "See them" }).click();
  await expect(page).toHaveURL(/expiringWithinDays=7/);
  await expect(page.locator("tbody tr", { hasText: `${prefix}-alpha` })).toBeVisible();
});

test("bulk revoke: filter, preview, confirm, and every matching key is revoked or marked retire by hand", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signIn(page);
  const bulk = `${prefix}bulk`;
  const { connections } = (await (await page.request.get("/api/connections")).json()) as {
    connections: Array<{ id: string; vendor: string }>;
  };
  const xsiam = connections.find((c) => c.vendor === "xsiam")!;
  const expedition = connections.find((c) => c.vendor === "expedition")!;
  let rolesRes = await page.request.get(`/api/connections/${xsiam.id}/roles`);
  for (let i = 0; i < 3 && rolesRes.status() !== 200; i++)
    rolesRes = await page.request.get(`/api/connections/${xsiam.id}/roles`);
  const { roles } = (await rolesRes.json()) as { roles: Array<{ id: string }> };
  for (const n of ["one", "two"])
    await issue(page, {
      connectionId: xsiam.id,
      name: `${bulk}-${n}`,
      scope: [roles[0]!.id],
      securityLevel: "standard",
      expiresAt: new Date(Date.now() + 10 * day).toISOString(),
    });
  await issue(page, { connectionId: expedition.id, name: `${bulk}-exp`, scope: [], fields: {} });

  await page.goto("/keys");
  await page.getByLabel("Name starts with").fill(bulk);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.locator("tbody tr")).toHaveCount(3);
  await page.getByRole("button", { name: "Revoke all matching…" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke every matching key?" });
  await expect(dialog.getByText("3 live keys")).toBeVisible();
  await expect(dialog.getByRole("list", { name: "Keys to revoke" }).getByRole("listitem")).toHaveCount(3);
  await expect(dialog.getByText(/Expedition: 1 key will be marked “retire by hand”/)).toBeVisible();
  await snap(page, "keys-bulk-revoke-preview");
  await dialog.getByRole("button", { name: "Revoke 3 keys" }).click();
  const done = page.getByRole("dialog", { name: "Bulk revoke finished" });
  await expect(done.getByText(/2 revoked · 1 to retire by hand · 0 failed · 0 skipped/)).toBeVisible({
    timeout: 60_000,
  });
  await snap(page, "keys-bulk-revoke-report");
  await done.getByRole("button", { name: "Close" }).click();
  await expect(page.locator("tbody tr", { hasText: `${bulk}-one` })).toContainText("revoked");
  await expect(page.locator("tbody tr", { hasText: `${bulk}-two` })).toContainText("revoked");
  await expect(page.locator("tbody tr", { hasText: `${bulk}-exp` })).toContainText("active");
});
