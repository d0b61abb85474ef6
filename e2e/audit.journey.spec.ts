import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { E2E } from "./support/server-config";
import { signIn, snap } from "./support/helpers";

// An admin (who holds audit.read and audit.verify, as an auditor does) filters the audit log,
// opens an event, exports the filtered view as CSV and JSON Lines, and verifies the chain.

async function download(page: Page, linkName: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: linkName }).click()]);
  const filePath = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(filePath!, "utf8") };
}

test.describe("audit log", () => {
  test("filter, open an event, export CSV and JSON Lines, verify the chain", async ({ page }) => {
    await signIn(page);
    await page.goto("/audit");
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
    await expect(page.getByRole("cell", { name: "auth.login" }).first()).toBeVisible();
    await expect(page.getByRole("cell", { name: "connection.create" }).first()).toBeVisible();
    // Actions read as words beside their code; targets link to where the console shows them.
    const created = page.locator("tbody tr").filter({ hasText: "connection.create" }).first();
    await expect(created.locator("td").nth(2)).toHaveText("Connection created connection.create");
    const target = created.getByRole("link", { name: /^connection / });
    await expect(target).toHaveAttribute("href", /^\/connections\/[0-9a-f-]{36}$/);
    await snap(page, "audit-log");

    // Filter: the admin's own successful sign-ins.
    await page.getByLabel("Actor (e-mail)").fill(E2E.adminEmail.toUpperCase());
    await page.getByLabel("Action").selectOption("auth.login");
    await page.getByLabel("Outcome").selectOption("success");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/action=auth\.login/);
    await expect(page).toHaveURL(/outcome=success/);
    const actionCells = page.locator("tbody tr td:nth-child(3)");
    await expect(actionCells.first()).toHaveText("Signed in auth.login");
    expect(new Set(await actionCells.allTextContents())).toEqual(new Set(["Signed in auth.login"]));
    expect(new Set(await page.locator("tbody tr td:nth-child(2)").allTextContents())).toEqual(
      new Set([E2E.adminEmail]),
    );
    const shown = await page.locator("tbody tr").count();

    // The detail of an event, on demand.
    const firstRow = page.locator("tbody tr").first();
    const eventId = await firstRow.getAttribute("data-event-id");
    await firstRow.getByText(`Event ${eventId}`).click();
    await expect(firstRow.getByText("previous")).toBeVisible();
    await expect(firstRow.locator("pre")).toBeVisible();
    await expect(
      firstRow
        .locator("dd")
        .filter({ hasText: /^[0-9a-f]{64}$/ })
        .first(),
    ).toBeVisible();
    await snap(page, "audit-log-filtered");

    // Exports carry exactly the filtered view.
    const csv = await download(page, "Export CSV");
    expect(csv.name).toMatch(/^keyward-audit-.*\.csv$/);
    const csvLines = csv.text.trimEnd().split("\r\n");
    expect(csvLines[0]).toBe(
      "id,at,team_id,actor_id,actor_email,action,target_type,target_id,outcome,detail,prev_hash,hash,keyed",
    );
    expect(csvLines).toHaveLength(shown + 1);
    for (const line of csvLines.slice(1)) expect(line).toContain(`,${E2E.adminEmail},auth.login,,,success,`);
    expect(csvLines[1]!.startsWith(`${eventId},`)).toBe(true);

    const jsonl = await download(page, "Export JSON Lines");
    expect(jsonl.name).toMatch(/\.jsonl$/);
    const events = jsonl.text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: number; action: string; actorEmail: string; outcome: string; hash: string });
    expect(events).toHaveLength(shown);
    expect(
      events.every((e) => e.action === "auth.login" && e.actorEmail === E2E.adminEmail && e.outcome === "success"),
    ).toBe(true);
    expect(String(events[0]!.id)).toBe(eventId);

    // A time range in the future matches nothing.
    await page.getByLabel("From").fill("2099-01-01T00:00");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByText("No event matches these filters.")).toBeVisible();

    // Verify the whole chain.
    await page.goto("/audit");
    await page.getByRole("button", { name: "Verify the chain" }).click();
    await expect(page.getByText("The chain is intact")).toBeVisible();
    await expect(page.getByText(/events verified/)).toBeVisible();
    await snap(page, "audit-log-verified");
    await expect(page.getByRole("cell", { name: "audit.verify" }).first()).toBeVisible();
  });

  test("the audit API: filtered pages, export formats, verify is a same-origin POST", async ({ page }) => {
    await signIn(page);
    const list = await page.request.get("/api/audit?action=auth.login");
    expect(list.status()).toBe(200);
    const body = (await list.json()) as { events: Array<{ action: string }> };
    expect(body.events.length).toBeGreaterThan(0);
    expect(body.events.every((e) => e.action === "auth.login")).toBe(true);

    expect((await page.request.get("/api/audit?from=not-a-date")).status()).toBe(422);
    expect((await page.request.get("/api/audit/export?format=xml")).status()).toBe(422);
    const csv = await page.request.get("/api/audit/export?format=csv&action=auth.login");
    expect(csv.headers()["content-disposition"]).toMatch(/^attachment; filename="keyward-audit-.*\.csv"$/);
    expect(csv.headers()["cache-control"]).toBe("no-store");

    expect(
      (await page.request.post("/api/audit/verify", { headers: { origin: "https://evil.example" } })).status(),
    ).toBe(403);
    const verified = await page.request.post("/api/audit/verify", { headers: { origin: E2E.url } });
    expect(verified.status()).toBe(201);
    expect(await verified.json()).toMatchObject({ ok: true });
  });
});
