import { expect, test, type Page } from "@playwright/test";
import { emulatorUrl, openIssueForm, rememberSecret, signIn, snap, vendorCall } from "./support/helpers";

// Long vendor work: a PAN-OS mint waits for a commit. The page shows its steps, the time so far and a
// Cancel; a page that goes away mid-mint leaves nothing alive on the firewall.

const PANOS = emulatorUrl(0);
const JSON_BODY = { "content-type": "application/json" };

/** How long the emulated firewall's commit jobs run; the journeys start fast (global set-up). */
async function commitTakes(minMs: number, maxMs = minMs): Promise<void> {
  const set = await vendorCall(`${PANOS}/__emulator/commit`, JSON_BODY, {
    method: "PUT",
    body: JSON.stringify({ minMs, maxMs }),
  });
  expect(set.status).toBe(200);
}

interface FirewallState {
  users: Array<{ name: string }>;
  candidateUsers: string[];
  pendingChanges: Array<{ name: string }>;
}

async function firewallState(): Promise<FirewallState> {
  return JSON.parse((await vendorCall(`${PANOS}/__emulator/state`)).body) as FirewallState;
}

/**
 * Where an administrator named so still appears: running config, candidate, or an uncommitted
 * change — empty once its creation and its deletion were both committed.
 */
async function traces(prefix: string): Promise<string[]> {
  const state = await firewallState();
  return [
    ...state.users.map((u) => `running ${u.name}`),
    ...state.candidateUsers.map((n) => `candidate ${n}`),
    ...state.pendingChanges.map((c) => `pending ${c.name}`),
  ].filter((t) => t.split(" ")[1]!.startsWith(prefix));
}

async function fillPanosForm(page: Page, name: string): Promise<void> {
  await openIssueForm(page, /PA-VM-KEYWARD/);
  await page.getByLabel("Key name").fill(name);
  await page.getByLabel("Admin role profile").selectOption("api-readonly");
}

test.afterEach(async () => {
  await commitTakes(100, 300);
});

test("a slow PAN-OS mint shows its steps and the elapsed time, then the secret", async ({ page }) => {
  test.setTimeout(90_000);
  await commitTakes(5_000);
  await signIn(page);
  await fillPanosForm(page, "slow commit");
  await page.getByRole("button", { name: "Issue key" }).click();

  const progress = page.locator("section", { has: page.getByRole("heading", { name: "Issuing the key…" }) });
  await expect(progress).toBeVisible();
  const steps = progress.getByRole("list", { name: "Steps so far" });
  await expect(steps).toContainText(/API administrator keyward-slow-commit-[a-z0-9]+ created; committing it/);
  // The commit job's own <progress>, read from the firewall while it runs.
  await expect(steps).toContainText(/Commit job \d+ at [1-9]\d? %/);
  await expect(progress.getByRole("progressbar")).toHaveAttribute("aria-valuenow", /^[1-9]\d?$/);
  await expect(progress.getByTestId("issue-elapsed")).toHaveText(/^0:0[2-9]$/);
  await expect(progress.getByRole("button", { name: "Cancel" })).toBeEnabled();
  await snap(page, "issue-progress");

  await expect(page.getByRole("heading", { name: "Key “slow commit” issued — copy it now" })).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole("button", { name: "Reveal" }).click();
  const secret = await page.getByTestId("secret-value").inputValue();
  rememberSecret(secret);
  const works = await vendorCall(
    `${PANOS}/api/?type=op&cmd=${encodeURIComponent("<show><system><info></info></system></show>")}`,
    {
      "x-pan-key": secret,
    },
  );
  expect(works.status).toBe(200);
});

test("Cancel mid-commit takes everything back and the request can be issued again", async ({ page }) => {
  test.setTimeout(90_000);
  await commitTakes(6_000);
  await signIn(page);
  await fillPanosForm(page, "cancelled commit");
  await page.getByRole("button", { name: "Issue key" }).click();
  await expect(page.getByText(/Commit job \d+ at [1-9]\d? %/)).toBeVisible();
  await page.getByRole("button", { name: "Cancel" }).click();

  await expect(page.getByRole("status").filter({ hasText: "Issue cancelled" })).toContainText(
    "Cancelled. Nothing was shown",
  );
  await expect(page.getByLabel("Key name")).toHaveValue("cancelled commit");
  await snap(page, "issue-cancelled");
  // The firewall: the administrator was deleted again and both commits went through.
  await expect.poll(() => traces("keyward-cancelled-commit"), { timeout: 30_000 }).toEqual([]);
  // Keyward: no key, and the request waits, approved, to be issued again.
  const { keys } = (await (await page.request.get("/api/keys?q=cancelled")).json()) as { keys: unknown[] };
  expect(keys).toEqual([]);
  const { requests } = (await (await page.request.get("/api/requests")).json()) as {
    requests: Array<{ name: string; status: string }>;
  };
  expect(requests.filter((r) => r.name === "cancelled commit").map((r) => r.status)).toEqual(["approved"]);
});

test("a page closed mid-mint leaves no administrator or key alive on the firewall", async ({ browser }) => {
  test.setTimeout(90_000);
  await commitTakes(6_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page);
  await fillPanosForm(page, "closed mid mint");
  await page.getByRole("button", { name: "Issue key" }).click();
  await expect(page.getByText(/Commit job \d+ at [1-9]\d? %/)).toBeVisible();
  const seen = (await firewallState()).candidateUsers.filter((n) => n.startsWith("keyward-closed-mid-mint"));
  expect(seen).toHaveLength(1);
  await page.close();

  await expect.poll(() => traces(seen[0]!), { timeout: 30_000 }).toEqual([]);

  // The console recorded the cancelled issue (once the deletion's commit finished), and its request is retryable.
  const admin = await context.newPage();
  await expect
    .poll(
      async () => {
        const audit = (await (await admin.request.get("/api/audit?action=key.issue&outcome=failure")).json()) as {
          events: Array<{ detail: Record<string, unknown> }>;
        };
        return audit.events.map((e) => e.detail);
      },
      { timeout: 10_000 },
    )
    .toContainEqual(expect.objectContaining({ code: "issue_cancelled", name: "closed mid mint", vendorName: seen[0] }));
  const { requests } = (await (await admin.request.get("/api/requests")).json()) as {
    requests: Array<{ name: string; status: string }>;
  };
  expect(requests.filter((r) => r.name === "closed mid mint").map((r) => r.status)).toEqual(["approved"]);
  await context.close();
});
