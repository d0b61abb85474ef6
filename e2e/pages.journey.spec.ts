import { expect, test } from "@playwright/test";
import { signIn, snap } from "./support/helpers";
import { E2E } from "./support/server-config";

/** The pages around the console's own: not found, forbidden, and the icon every page asks for. */

test("a page the role may not open answers 403 and says why, with a way back", async ({ page }) => {
  await signIn(page, E2E.memberPassword, { email: E2E.memberEmail });
  for (const path of ["/approvals", "/audit", "/connections/new"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "Your role does not allow this page" })).toBeVisible();
    await expect(page.getByText(/You are a member in /)).toBeVisible();
  }
  await page.goto("/approvals");
  await expect(page.getByRole("link", { name: "Request a key" })).toBeVisible();
  await snap(page, "forbidden-member");
  await page.getByRole("link", { name: "Go to the dashboard" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
});

test("an unknown address and another team's record get a branded 404 with a way back", async ({ page }) => {
  await signIn(page);
  const res = await page.goto("/no/such/page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  expect(await page.title()).toBe("Not found · Keyward");
  await snap(page, "not-found");
  const key = await page.goto("/keys/00000000-0000-4000-8000-000000000000");
  expect(key?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Go to the dashboard" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
});

test("an unknown invite link answers 404 with its own explanation", async ({ page }) => {
  const res = await page.goto(`/invite/${"u".repeat(43)}`);
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This invite link was not found" })).toBeVisible();
  await snap(page, "invite-not-found");
});

test("every page names an icon that exists", async ({ page }) => {
  await page.goto("/login");
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toBeTruthy();
  const icon = await page.request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
});

test("a phone's home screen gets a 180×180 PNG icon", async ({ page }) => {
  await page.goto("/login");
  const href = await page.locator('link[rel="apple-touch-icon"]').first().getAttribute("href");
  expect(href).toBeTruthy();
  const icon = await page.request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/png");
  const png = await icon.body();
  // The PNG header's IHDR chunk: width and height, big-endian, at bytes 16 and 20.
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([180, 180]);
});
