import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn, snap } from "./support/helpers";
import { E2E } from "./support/server-config";

/**
 * Lists that end: My requests and Approvals a page at a time with counts and a page size kept in
 * the link; auto-approved requests apart from real decisions; badges that count only what waits
 * for the person looking; and the member's dashboard and read-only policy.
 */
const headers = { origin: E2E.url };
const prefix = `lst${Date.now().toString(36)}`;

async function as(browser: Browser, who: "admin" | "member"): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  if (who === "admin") await signIn(page);
  else await signIn(page, E2E.memberPassword, { email: E2E.memberEmail });
  return page;
}

async function panosId(page: Page): Promise<string> {
  const { connections } = (await (await page.request.get("/api/connections")).json()) as {
    connections: Array<{ id: string; vendor: string }>;
  };
  return connections.find((c) => c.vendor === "panos")!.id;
}

const badge = async (page: Page, label: string) =>
  Number(
    (await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label }).textContent())!.replace(
      /\D/g,
      "",
    ) || 0,
  );

test("My requests and Approvals page with counts; auto-approvals apart; badges count what waits for the viewer", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const admin = await as(browser, "admin");
  const id = await panosId(admin);
  // 26 requests the admin's grant approves at once (no vendor call until someone issues them).
  for (let i = 0; i < 26; i++) {
    const res = await admin.request.post("/api/requests", {
      headers,
      data: {
        connectionId: id,
        name: `${prefix}-${String(i).padStart(2, "0")}`,
        scope: ["api-readonly"],
        reason: "Paging",
      },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  const first = (await (await admin.request.get("/api/requests")).json()) as { requests: unknown[]; total: number };
  expect(first.requests).toHaveLength(25);
  expect(first.total).toBeGreaterThanOrEqual(26);
  const total = first.total.toLocaleString("en-US");
  // Limits are checked: a size not offered, page 0 or an unknown view is a 422 that names the field.
  for (const q of ["size=30", "size=1000", "page=0", "view=mine"]) {
    const res = await admin.request.get(`/api/requests?${q}`);
    expect(res.status(), q).toBe(422);
  }
  expect((await admin.request.get("/api/notifications?size=7")).status()).toBe(422);
  expect((await admin.request.get("/api/notifications?size=50")).status()).toBe(200);

  // The audit log pages like the keys: a count, a page size kept with the filters, and back again.
  await admin.goto(`/audit?action=request.create&actor=${encodeURIComponent(E2E.adminEmail)}&size=25`);
  const auditPager = admin.getByRole("navigation", { name: "Audit log pages" });
  await expect(auditPager).toContainText(/Showing 1–25 of [\d,]+\+? events/);
  await expect(auditPager.getByText("25", { exact: true })).toHaveAttribute("aria-current", "true");
  await expect(auditPager.getByRole("link", { name: "Previous page" })).toHaveCount(0);
  await snap(admin, "audit-paged");
  await auditPager.getByRole("link", { name: "Next page" }).click();
  await expect(admin).toHaveURL(/before=\d+/);
  await expect(admin).toHaveURL(/action=request\.create/);
  await expect(admin).toHaveURL(/size=25/);
  await expect(auditPager).toContainText("Showing 26–");
  await auditPager.getByRole("link", { name: "Previous page" }).click();
  await expect(auditPager).toContainText("Showing 1–25 of");
  await expect(auditPager.getByRole("link", { name: "Previous page" })).toHaveCount(0);
  await auditPager.getByRole("link", { name: "100 per page" }).click();
  await expect(admin).toHaveURL(/size=100/);
  await expect(admin).toHaveURL(/action=request\.create/);
  await expect(admin).not.toHaveURL(/before=/);
  // Changing a filter starts again from the first page and keeps the chosen size.
  await admin.getByLabel("Outcome").selectOption("success");
  await admin.getByRole("button", { name: "Apply filters" }).click();
  await expect(admin).toHaveURL(/outcome=success/);
  await expect(admin).toHaveURL(/size=100/);

  await admin.goto("/requests");
  const pager = admin.getByRole("navigation", { name: "Request pages" });
  await expect(pager).toContainText(`Showing 1–25 of ${total} requests`);
  await expect(admin.getByRole("listitem", { name: `${prefix}-25`, exact: true })).toBeVisible();
  await snap(admin, "my-requests-paged");
  await pager.getByRole("link", { name: "Next page" }).click();
  await expect(admin).toHaveURL(/page=2/);
  await expect(pager).toContainText(`Showing 26–`);
  await expect(admin.getByRole("listitem", { name: `${prefix}-25`, exact: true })).toHaveCount(0);
  await pager.getByRole("link", { name: "50 per page" }).click();
  await expect(admin).toHaveURL(/size=50/);
  await expect(admin).not.toHaveURL(/page=2/);
  await admin.reload();
  await expect(pager.getByText("50", { exact: true })).toHaveAttribute("aria-current", "true");
  await expect(admin.getByRole("listitem", { name: `${prefix}-00`, exact: true })).toBeVisible();
  await admin.goto("/requests?size=7");
  await expect(admin.getByText(/page size in this link was not understood/)).toBeVisible();

  // Approvals: the policy's approvals have a tab of their own; the queue shows only what waits.
  await admin.goto("/approvals");
  const tabs = admin.getByRole("navigation", { name: "Requests by decision" });
  await expect(tabs.getByRole("link", { name: /Waiting for a decision \(\d+\)/ })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(admin.getByText(`${prefix}-25`)).toHaveCount(0);
  await tabs.getByRole("link", { name: /Auto-approved/ }).click();
  await expect(admin).toHaveURL(/view=auto/);
  await expect(admin.getByRole("cell", { name: `${prefix}-25` })).toBeVisible();
  // One line per request at laptop width (a wrapped row is twice as tall), and a one-row header.
  const row = admin.getByRole("row").filter({ hasText: `${prefix}-25` });
  expect((await row.boundingBox())!.height).toBeLessThan(56);
  expect((await admin.getByRole("banner").boundingBox())!.height).toBeLessThan(72);
  await expect(admin.getByRole("navigation", { name: "Request pages" })).toContainText(/of [\d,]+ requests/);
  await snap(admin, "approvals-auto");
  await tabs.getByRole("link", { name: /Decided by people/ }).click();
  await expect(admin).toHaveURL(/view=decided/);
  await expect(admin.getByText(`${prefix}-25`)).toHaveCount(0);

  // A member's request: the admin's Approvals badge counts it; their Requests badge does not.
  const member = await as(browser, "member");
  await admin.goto("/");
  const approvalsBefore = await badge(admin, "Approvals");
  const requestsBefore = await badge(admin, "Requests");
  const filed = await member.request.post("/api/requests", {
    headers,
    data: {
      connectionId: id,
      name: `${prefix}-member`,
      scope: ["api-readonly"],
      expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      reason: "Badge check",
    },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  const { request } = (await filed.json()) as { request: { id: string } };
  try {
    await admin.reload();
    expect(await badge(admin, "Approvals")).toBe(approvalsBefore + 1);
    expect(await badge(admin, "Requests")).toBe(requestsBefore);
  } finally {
    expect((await member.request.post(`/api/requests/${request.id}/cancel`, { headers })).status()).toBe(201);
  }
  await admin.reload();
  expect(await badge(admin, "Approvals")).toBe(approvalsBefore);
});

test("a member's dashboard offers Request a key, and the policy reads as a summary", async ({ browser }) => {
  const member = await as(browser, "member");
  await expect(member.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await snap(member, "dashboard-member");
  await member.getByRole("main").getByRole("link", { name: "Request a key" }).first().click();
  await expect(member.getByRole("heading", { name: "Request a key" })).toBeVisible();

  await member.goto(`/connections/${await panosId(member)}`);
  const policy = member.getByRole("region", { name: "Policy" });
  await expect(policy.getByRole("heading", { name: "Members (your role)" })).toBeVisible();
  await expect(policy).toContainText("an admin approves each request");
  await expect(policy.getByRole("combobox")).toHaveCount(0);
  await expect(policy.getByRole("textbox")).toHaveCount(0);
  await expect(policy.getByRole("checkbox")).toHaveCount(0);
  await snap(member, "policy-summary-member");
});
