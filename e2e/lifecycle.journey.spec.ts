import { expect, test, type Page } from "@playwright/test";
import {
  emulatorUrl,
  issueAndReveal,
  openIssueForm,
  rememberSecret,
  signIn,
  snap,
  vendorCall,
} from "./support/helpers";
import { E2E } from "./support/server-config";

/**
 * A Rancher key's life, driven from the key's page: deactivate (the pair stops working on the
 * emulator), activate, edit, rotate with a grace period, revoke; then the connection's
 * reconciliation finds a key deleted on the emulator behind Keyward's back and a key created
 * there by hand, which an admin adopts.
 */

const RANCHER_ADMIN = { access: "0F2C4A6B8D1E3F5A7C9B", secret: "keywardDemoRancherAdminSecretKey2xq7Zr5W" };
const adminAuth = {
  Authorization: `Basic ${Buffer.from(`${RANCHER_ADMIN.access}:${RANCHER_ADMIN.secret}`).toString("base64")}`,
};
const basic = (access: string, secret: string) => ({
  Authorization: `Basic ${Buffer.from(`${access}:${secret}`).toString("base64")}`,
});
const project = () => `${emulatorUrl(4)}/v2-beta/projects/1a5`;
const works = async (access: string, secret: string) => (await vendorCall(project(), basic(access, secret))).status;

async function keyStatus(page: Page, id: string): Promise<string> {
  const res = await page.request.get(`/api/keys/${id}`);
  return ((await res.json()) as { key: { status: string } }).key.status;
}

/** Deletes a key straight on the emulator, as someone with Rancher's own UI would: deactivate, wait, delete. */
async function deleteOnEmulator(vendorKeyId: string): Promise<void> {
  const url = `${project()}/apikeys/${vendorKeyId}`;
  expect((await vendorCall(`${url}?action=deactivate`, adminAuth, { method: "POST" })).status).toBeLessThan(300);
  await expect
    .poll(async () => (JSON.parse((await vendorCall(url, adminAuth)).body) as { state: string }).state)
    .toBe("inactive");
  expect((await vendorCall(url, adminAuth, { method: "DELETE" })).status).toBeLessThan(300);
}

test("Rancher key lifecycle: deactivate, activate, edit, rotate with grace, revoke, reconcile, adopt", async ({
  page,
}) => {
  await signIn(page);
  await openIssueForm(page, /Rancher/);
  const env = page.getByLabel("Environment");
  await env.selectOption((await env.locator("option", { hasText: "Default" }).first().getAttribute("value")) ?? "");
  await page.getByLabel("Key name").fill("lifecycle demo");
  const first = await issueAndReveal(page);
  const access = first.publicId!;
  await page.getByRole("link", { name: "I have stored it — go to the key" }).click();
  await expect(page.getByRole("heading", { name: "Actions" })).toBeVisible();
  const oldKeyId = page.url().split("/keys/")[1]!;
  await snap(page, "key-actions-rancher");
  expect(await works(access, first.secret)).toBe(200);

  // Deactivate: the pair stops working on the emulator; activate: it works again.
  // Deactivating asks first: the dialog opens on Cancel, and Esc leaves the key working.
  await page.getByRole("button", { name: "Deactivate" }).click();
  const deactivate = page.getByRole("dialog", { name: "Deactivate “lifecycle demo”?" });
  await expect(deactivate.getByRole("button", { name: "Cancel" })).toBeFocused();
  await snap(page, "key-deactivate-confirm");
  await page.keyboard.press("Escape");
  await expect(deactivate).toBeHidden();
  expect(await keyStatus(page, oldKeyId)).toBe("active");
  expect(await works(access, first.secret)).toBe(200);
  await page.getByRole("button", { name: "Deactivate" }).click();
  await deactivate.getByRole("button", { name: "Deactivate key" }).click();
  await expect(page.getByText("Key deactivated: it no longer authenticates")).toBeVisible();
  await expect(page.getByRole("button", { name: "Activate" })).toBeVisible();
  expect(await keyStatus(page, oldKeyId)).toBe("inactive");
  expect(await works(access, first.secret)).toBe(401);
  await page.getByRole("button", { name: "Activate" }).click();
  await expect(page.getByText("Key activated: it works again")).toBeVisible();
  expect(await keyStatus(page, oldKeyId)).toBe("active");
  expect(await works(access, first.secret)).toBe(200);

  // Edit: the name changes in Keyward and on the vendor.
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Name").fill("lifecycle demo v1");
  await page.getByLabel("Description").fill("deploys the demo");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "lifecycle demo v1" })).toBeVisible();

  // Rotate with a 24-hour grace: a replacement is shown once; both pairs work meanwhile.
  await page.getByRole("button", { name: "Rotate" }).click();
  await page.getByLabel("In 24 hours").check();
  await snap(page, "rotate-dialog-rancher");
  await page.getByRole("button", { name: "Rotate key" }).click();
  await expect(page.getByRole("heading", { name: /issued — copy it now/ })).toBeVisible();
  await expect(page.getByText(/The old key keeps working until .*, then Keyward revokes it/)).toBeVisible();
  await page.getByRole("button", { name: "Reveal" }).click();
  const secondSecret = await page.getByTestId("secret-value").inputValue();
  rememberSecret(secondSecret);
  const secondAccess = (await page.getByTestId("public-id").textContent())!;
  expect(secondAccess).not.toBe(access);
  expect(await works(secondAccess, secondSecret)).toBe(200);
  expect(await works(access, first.secret)).toBe(200);
  await page.getByRole("link", { name: "I have stored it — go to the key" }).click();
  await expect(page.getByText("This key replaces")).toBeVisible();
  const newKeyId = page.url().split("/keys/")[1]!;
  await page.getByRole("link", { name: "lifecycle demo v1" }).click();
  await expect(page.getByText(/Replaced by/)).toBeVisible();
  await expect(page.getByText(/will be revoked .*\(in (24 hours|1 day)\)/)).toBeVisible();
  await snap(page, "key-rotated-rancher");

  // Revoke the replacement: it stops working for good.
  await page.goto(`/keys/${newKeyId}`);
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("heading", { name: /Revoke “lifecycle demo v1”\?/ })).toBeVisible();
  await page.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("Key revoked on the vendor")).toBeVisible();
  expect(await keyStatus(page, newKeyId)).toBe("revoked");
  expect(await works(secondAccess, secondSecret)).toBe(401);
  await snap(page, "key-revoked-rancher");

  // Behind Keyward's back: the old key is deleted and another is created by hand on the emulator.
  const oldVendorKeyId = (
    (await (await page.request.get(`/api/keys/${oldKeyId}`)).json()) as { key: { vendorKeyId: string } }
  ).key.vendorKeyId;
  await deleteOnEmulator(oldVendorKeyId);
  const made = await vendorCall(
    `${project()}/apikeys`,
    { ...adminAuth, "content-type": "application/json" },
    { method: "POST", body: JSON.stringify({ type: "apikey", accountId: "1a5", name: "made by hand" }) },
  );
  expect(made.status).toBeLessThan(300);
  rememberSecret((JSON.parse(made.body) as { secretValue: string }).secretValue);

  await page.goto("/connections");
  await page.getByRole("link", { name: /Rancher/ }).click();
  await page.getByRole("button", { name: "Reconcile now" }).click();
  await expect(page.getByText(/Reconciled: \d+ keys? on the vendor, [1-9]\d* changed/)).toBeVisible();
  await expect(page.getByText(/lifecycle demo v1: active → drifted/)).toBeVisible();
  await expect(page.getByRole("cell", { name: "made by hand", exact: true })).toBeVisible();
  await snap(page, "connection-reconciled-rancher");
  expect(await keyStatus(page, oldKeyId)).toBe("drifted");

  await page.getByRole("button", { name: "Adopt made by hand" }).click();
  await expect(page.getByRole("heading", { name: "made by hand" })).toBeVisible();
  await expect(page.getByText("unknown: adopted from the vendor, never seen by Keyward")).toBeVisible();
  await snap(page, "key-adopted-rancher");

  await page.goto(`/keys/${oldKeyId}`);
  await expect(page.getByText(/deleted outside Keyward/)).toBeVisible();
  await snap(page, "key-drifted-rancher");
});

test("rotation follows the connection's policy: it waits for an approval, and the issue from My requests replaces the old key", async ({
  page,
}) => {
  const headers = { origin: E2E.url };
  await signIn(page);
  const { connections } = (await (await page.request.get("/api/connections")).json()) as {
    connections: Array<{ id: string; name: string }>;
  };
  const rancherId = connections.find((c) => /Rancher/.test(c.name))!.id;
  const original = (await (await page.request.get(`/api/connections/${rancherId}/grants`)).json()) as {
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

  await openIssueForm(page, /Rancher/);
  const env = page.getByLabel("Environment");
  await env.selectOption((await env.locator("option", { hasText: "Default" }).first().getAttribute("value")) ?? "");
  await page.getByLabel("Key name").fill("rotate via approval");
  const first = await issueAndReveal(page);
  await page.getByRole("link", { name: "I have stored it — go to the key" }).click();
  await expect(page.getByRole("heading", { name: "Actions" })).toBeVisible();
  const oldKeyId = page.url().split("/keys/")[1]!;

  const approvalFirst = original.grants.map((g) => ({ ...strip(g), requiresApproval: true }));
  expect(
    (
      await page.request.put(`/api/connections/${rancherId}/grants`, { headers, data: { grants: approvalFirst } })
    ).status(),
  ).toBe(200);
  expect(
    (
      await page.request.put("/api/team/settings", {
        headers,
        data: { selfApproval: true, approvalWindowMinutes: 1440, ssoEmailDomain: E2E.oidc.teamDomain },
      })
    ).status(),
  ).toBe(200);
  try {
    await page.reload();
    await page.getByRole("button", { name: "Rotate" }).click();
    await page.getByLabel("In 1 hour").check();
    await page.getByRole("button", { name: "Rotate key" }).click();
    await expect(page.getByText("Rotation requested", { exact: true })).toBeVisible();
    await expect(page.getByText(/need an approval, so the rotation waits for one/)).toBeVisible();
    await expect(page.getByText("Rotation under way")).toBeVisible();
    await expect(page.getByRole("button", { name: "Rotate" })).toHaveCount(0);
    await snap(page, "rotation-requested");
    expect(await works(first.publicId!, first.secret)).toBe(200);

    await page.goto("/approvals");
    const card = page.getByRole("listitem").filter({ hasText: "rotate via approval" });
    await expect(card).toContainText(
      "Replaces the current key, which is revoked 1 hour after the replacement is issued.",
    );
    await snap(page, "approvals-rotation");
    await card.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByText("Nothing to decide")).toBeVisible();

    await page.goto("/requests");
    // The first issue of the key is in the list too; the rotation is the one that replaces it.
    const mine = page
      .getByRole("listitem", { name: "rotate via approval", exact: true })
      .filter({ hasText: "Rotation: replaces the current key" });
    await mine.getByRole("button", { name: "Issue" }).click();
    await expect(page.getByRole("heading", { name: /issued — copy it now/ })).toBeVisible();
    await expect(page.getByText(/The old key keeps working until .*, then Keyward revokes it/)).toBeVisible();
    await snap(page, "rotation-issued-from-request");
    await page.getByRole("button", { name: "Reveal" }).click();
    const secret = await page.getByTestId("secret-value").inputValue();
    rememberSecret(secret);
    const access = (await page.getByTestId("public-id").textContent())!;
    expect(await works(access, secret)).toBe(200);
    expect(await works(first.publicId!, first.secret)).toBe(200);

    await page.goto(`/keys/${oldKeyId}`);
    await expect(page.getByText(/Replaced by/)).toBeVisible();
    await expect(page.getByText(/will be revoked .*\(in (1 hour|60 minutes|59 minutes)\)/)).toBeVisible();
  } finally {
    // A failure before the approval would leave the rotation waiting, and later journeys expect "Nothing to decide".
    const waiting = (await (await page.request.get("/api/requests?view=waiting&size=100")).json()) as {
      requests: Array<{ id: string; name: string }>;
    };
    for (const request of waiting.requests.filter((r) => r.name === "rotate via approval"))
      await page.request.post(`/api/requests/${request.id}/cancel`, { headers });
    await page.request.put(`/api/connections/${rancherId}/grants`, {
      headers,
      data: { grants: original.grants.map(strip) },
    });
    await page.request.put("/api/team/settings", {
      headers,
      data: { selfApproval: false, approvalWindowMinutes: 1440, ssoEmailDomain: E2E.oidc.teamDomain },
    });
  }
});

test("lifecycle routes: 401 without a session, cross-origin 403, bad grace 422, unknown key 404", async ({
  page,
  playwright,
}) => {
  const anon = await playwright.request.newContext({ baseURL: E2E.url });
  const someId = "00000000-0000-4000-8000-000000000000";
  expect((await anon.post(`/api/keys/${someId}/deactivate`, { headers: { origin: E2E.url } })).status()).toBe(401);
  await anon.dispose();
  await signIn(page);
  const headers = { origin: E2E.url };
  expect(
    (
      await page.request.post(`/api/keys/${someId}/revoke`, {
        headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      })
    ).status(),
  ).toBe(403);
  const bad = await page.request.post(`/api/keys/${someId}/rotate`, { headers, data: { graceHours: 5 } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.fields).toHaveProperty("graceHours");
  for (const path of [
    `/api/keys/${someId}/deactivate`,
    `/api/keys/${someId}/reset-secret`,
    `/api/connections/${someId}/reconcile`,
    `/api/unmanaged/${someId}/adopt`,
  ]) {
    expect((await page.request.post(path, { headers })).status(), path).toBe(404);
  }
  expect((await page.request.get(`/api/connections/${someId}/unmanaged`)).status()).toBe(404);
});
