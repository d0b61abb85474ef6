import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoSecretOnPage, rememberSecret, signIn, snap } from "./support/helpers";
import { E2E } from "./support/server-config";

/**
 * The self-service flow with two people in two browser contexts: a member requests, an admin
 * decides, and only the member ever sees the secret.
 */
const PANOS = /PA-VM-KEYWARD/;
const headers = { origin: E2E.url };

async function as(browser: Browser, who: "admin" | "member"): Promise<Page> {
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: E2E.url });
  const page = await context.newPage();
  if (who === "admin") await signIn(page);
  else await signIn(page, E2E.memberPassword, { email: E2E.memberEmail });
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  return page;
}

async function panosConnectionId(page: Page): Promise<string> {
  const { connections } = (await (await page.request.get("/api/connections")).json()) as {
    connections: Array<{ id: string; name: string }>;
  };
  return connections.find((c) => PANOS.test(c.name))!.id;
}

async function requestKey(member: Page, name: string, reason: string): Promise<void> {
  await member.goto("/connections");
  await member.getByRole("link", { name: PANOS }).click();
  await member.getByRole("link", { name: "Request a key" }).click();
  await expect(member.getByRole("heading", { name: "Request a key" })).toBeVisible();
  await expect(member.getByLabel("Admin role profile")).toHaveValue("api-readonly");
  await member.getByLabel("Key name").fill(name);
  await member.getByLabel("Reason").fill(reason);
  await member.getByRole("button", { name: "Send request" }).click();
  await expect(member.getByRole("heading", { name: "My requests" })).toBeVisible();
  await expect(member.getByRole("listitem", { name, exact: true }).getByText("pending")).toBeVisible();
}

test("a member requests, an admin approves elsewhere, the member issues and copies; the admin never sees the secret", async ({
  browser,
}) => {
  const member = await as(browser, "member");
  const admin = await as(browser, "admin");

  await requestKey(member, "grafana scraper", "Grafana reads interface counters");
  await snap(member, "requests-pending");

  await admin.reload();
  await expect(admin.getByRole("link", { name: /Approvals/ })).toContainText("1");
  await admin.getByRole("link", { name: /Approvals/ }).click();
  const card = admin.getByRole("listitem").filter({ hasText: "grafana scraper" });
  await expect(card).toContainText("member@keyward.local");
  await expect(card).toContainText("Grafana reads interface counters");
  await expect(card).toContainText("member grant · approval required");
  await snap(admin, "approvals");
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(admin.getByText("Nothing to decide")).toBeVisible();

  await member.reload();
  await expect(member.getByText(/was approved by admin@keyward.local/)).toBeVisible();
  await expect(member.getByRole("link", { name: /Requests/ })).toContainText("1");
  const mine = member.getByRole("listitem", { name: "grafana scraper", exact: true });
  await expect(mine.getByText("approved", { exact: true })).toBeVisible();
  await snap(member, "requests-ready");
  await mine.getByRole("button", { name: "Issue" }).click();
  await expect(member.getByRole("heading", { name: /Key “grafana scraper” issued/ })).toBeVisible();
  await member.getByRole("button", { name: "Reveal" }).click();
  const secret = await member.getByTestId("secret-value").inputValue();
  rememberSecret(secret);
  await member.getByRole("button", { name: "Copy secret" }).click();
  await expect(member.getByRole("button", { name: "Copied ✓" })).toBeVisible();
  expect(await member.evaluate(() => navigator.clipboard.readText())).toBe(secret);

  // A second tab cannot issue it again.
  const { requests } = (await (await member.request.get("/api/requests")).json()) as {
    requests: Array<{ id: string; name: string }>;
  };
  const again = await member.request.post(
    `/api/requests/${requests.find((r) => r.name === "grafana scraper")!.id}/issue`,
    { headers },
  );
  expect(again.status()).toBe(409);
  expect((await again.json()).error.message).toContain("already issued");

  await admin.goto("/keys");
  await admin.getByRole("link", { name: "grafana scraper" }).click();
  await expect(admin.locator("dt:has-text('Issued by') + dd")).toHaveText("member@keyward.local");
  await expect(admin.locator("dt:has-text('Approved by') + dd")).toHaveText("admin@keyward.local");
  await expect(admin.getByText("Grafana reads interface counters")).toBeVisible();
  await expectNoSecretOnPage(admin, secret);
  await snap(admin, "key-from-request");
  await member.context().close();
  await admin.context().close();
});

test("deny path: the member sees the admin's reason", async ({ browser }) => {
  const member = await as(browser, "member");
  const admin = await as(browser, "admin");
  await requestKey(member, "too broad", "Want everything");
  await admin.goto("/approvals");
  const card = admin.getByRole("listitem").filter({ hasText: "too broad" });
  await card.getByRole("button", { name: "Deny…" }).click();
  await card.getByRole("button", { name: "Deny request" }).click();
  await expect(card.getByText("Say why the request is denied")).toBeVisible();
  await card.getByLabel("Reason for denying").fill("Use the shared read-only key");
  await card.getByRole("button", { name: "Deny request" }).click();
  await expect(admin.getByText("Nothing to decide")).toBeVisible();
  await member.goto("/requests");
  const mine = member.getByRole("listitem", { name: "too broad", exact: true });
  await expect(mine.getByText("denied", { exact: true })).toBeVisible();
  await expect(mine).toContainText("Use the shared read-only key");
  await expect(mine.getByRole("button", { name: "Issue" })).toHaveCount(0);
  // Deciding an already decided request changes nothing and says why.
  const { requests } = (await (await member.request.get("/api/requests")).json()) as {
    requests: Array<{ id: string; name: string }>;
  };
  const denied = requests.find((r) => r.name === "too broad")!;
  const redo = await admin.request.post(`/api/requests/${denied.id}/approve`, { headers, data: {} });
  expect(redo.status()).toBe(409);
  expect((await redo.json()).error.message).toContain("already denied");
  await member.context().close();
  await admin.context().close();
});

test("an admin cannot approve their own request; a member's crafted request outside policy is refused", async ({
  browser,
}) => {
  const admin = await as(browser, "admin");
  const member = await as(browser, "member");
  const id = await panosConnectionId(admin);
  const original = (await (await admin.request.get(`/api/connections/${id}/grants`)).json()) as {
    grants: Array<Record<string, unknown>>;
  };
  const strip = (g: Record<string, unknown>) => ({
    teamRole: g.teamRole,
    scopes: g.scopes,
    securityLevels: g.securityLevels,
    defaultDays: g.defaultDays,
    maxDays: g.maxDays,
    anyScope: g.anyScope,
    ownAccount: g.ownAccount,
    allowNever: g.allowNever,
    requiresApproval: g.requiresApproval,
  });
  const policy = [
    // Grants name what they allow: any profile, the own account and "never" for admins.
    {
      teamRole: "admin",
      scopes: [],
      anyScope: true,
      ownAccount: true,
      allowNever: true,
      securityLevels: [],
      defaultDays: null,
      maxDays: null,
      requiresApproval: true,
    },
    {
      teamRole: "member",
      scopes: ["api-readonly"],
      securityLevels: [],
      defaultDays: null,
      maxDays: null,
      requiresApproval: true,
    },
  ];
  expect(
    (await admin.request.put(`/api/connections/${id}/grants`, { headers, data: { grants: policy } })).status(),
  ).toBe(200);
  try {
    // Self-approval is off by default.
    const mine = await admin.request.post("/api/requests", {
      headers,
      data: { connectionId: id, name: "my own", scope: ["api-readonly"], reason: "Testing self-approval" },
    });
    expect(mine.status()).toBe(201);
    await admin.goto("/approvals");
    const card = admin.getByRole("listitem").filter({ hasText: "my own" });
    await expect(card).toContainText("admin@keyward.local (you)");
    await card.getByRole("button", { name: "Approve" }).click();
    await expect(card.getByText(/cannot approve your own request/)).toBeVisible();
    await snap(admin, "approvals-self");
    await card.getByRole("button", { name: "Deny…" }).click();
    await card.getByLabel("Reason for denying").fill("Clean up");
    await card.getByRole("button", { name: "Deny request" }).click();

    // The form shows the member only what the grant allows; a crafted call outside it is refused with the reason.
    await member.goto(`/requests/new?connection=${id}`);
    await expect(member.getByLabel("Admin role profile").locator("option", { hasText: "api-ops" })).toHaveCount(0);
    const crafted = await member.request.post("/api/requests", {
      headers,
      data: { connectionId: id, name: "sneaky", scope: ["api-ops"], reason: "Need config" },
    });
    expect(crafted.status()).toBe(403);
    expect((await crafted.json()).error).toMatchObject({
      code: "outside_policy",
      message: expect.stringContaining("api-ops"),
    });
    const noReason = await member.request.post("/api/requests", {
      headers,
      data: { connectionId: id, name: "no reason", scope: ["api-readonly"] },
    });
    expect(noReason.status()).toBe(422);
    expect((await noReason.json()).error.fields.reason).toContain("Say why");
    const direct = await member.request.post("/api/keys", {
      headers,
      data: { connectionId: id, name: "direct", reason: "x" },
    });
    expect(direct.status()).toBe(403);
    const { requests } = (await (await member.request.get("/api/requests")).json()) as {
      requests: Array<{ name: string }>;
    };
    expect(requests.map((r) => r.name)).not.toContain("sneaky");
  } finally {
    await admin.request.put(`/api/connections/${id}/grants`, { headers, data: { grants: original.grants.map(strip) } });
  }
  await member.context().close();
  await admin.context().close();
});

test("lapse path: an approval not used within the team's window lapses and can no longer be issued", async ({
  browser,
}) => {
  // Waits out a one-minute approval window for real rather than moving a clock the server does not share.
  test.setTimeout(180_000);
  const admin = await as(browser, "admin");
  const member = await as(browser, "member");
  try {
    await admin.goto("/team");
    await admin.getByLabel("Approval window", { exact: true }).fill("1");
    await admin.getByLabel("Approval window unit").selectOption("minutes");
    await admin.getByRole("button", { name: "Save settings" }).click();
    await expect(admin.getByText("Settings saved.")).toBeVisible();
    await snap(admin, "team-settings-short-window");

    await requestKey(member, "late issue", "Nightly backup export");
    await admin.goto("/approvals");
    await admin
      .getByRole("listitem")
      .filter({ hasText: "late issue" })
      .getByRole("button", { name: "Approve" })
      .click();
    await expect(admin.getByText("Nothing to decide")).toBeVisible();

    await member.goto("/requests");
    const mine = member.getByRole("listitem", { name: "late issue", exact: true });
    await expect(mine.getByText("approved", { exact: true })).toBeVisible();
    await expect(mine).toContainText("The approval lapses in");
    await expect(mine.getByRole("button", { name: "Issue" })).toBeVisible();

    await expect(async () => {
      await member.reload();
      await expect(mine.getByText("lapsed", { exact: true })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 120_000, intervals: [5_000] });
    await expect(mine).toContainText("The approval lapsed before the key was issued");
    await expect(mine.getByRole("button", { name: "Issue" })).toHaveCount(0);
    await expect(member.getByText(/The approval of your request “late issue” lapsed/)).toBeVisible();
    await snap(member, "requests-lapsed");

    const { requests } = (await (await member.request.get("/api/requests")).json()) as {
      requests: Array<{ id: string; name: string }>;
    };
    const lapsed = requests.find((r) => r.name === "late issue")!;
    const issue = await member.request.post(`/api/requests/${lapsed.id}/issue`, { headers });
    expect(issue.status()).toBe(409);
    expect((await issue.json()).error.message).toContain("lapsed before the key was issued");
    const { keys } = (await (await admin.request.get("/api/keys?q=late%20issue")).json()) as { keys: unknown[] };
    expect(keys).toHaveLength(0);

    const audit = (await (await admin.request.get("/api/audit?action=request.lapse")).json()) as {
      events: Array<{ targetId: string | null; actorId: string | null; outcome: string }>;
    };
    expect(audit.events.some((e) => e.targetId === lapsed.id && e.outcome === "success")).toBe(true);
  } finally {
    await admin.request.put("/api/team/settings", {
      headers,
      data: { selfApproval: false, approvalWindowMinutes: 1440, ssoEmailDomain: E2E.oidc.teamDomain },
    });
  }
  await member.context().close();
  await admin.context().close();
});
