import { expect, test, type APIRequestContext } from "@playwright/test";
import { openAccountMenu, rememberSecret, signIn } from "./support/helpers";
import { ORIGIN, uniqueEmail } from "./support/accounts";
import { E2E } from "./support/server-config";

// The hotfix findings of a pentest, each as the attacker met it: sudo on every grant of power,
// no open redirect after sign-in, and clean refusals of text the database cannot store.

test.describe("security hotfix", () => {
  test("a stolen session cookie without a recent re-authentication cannot create an account or an invite", async ({
    page,
  }) => {
    await signIn(page, E2E.adminPassword, { sudo: false });
    const attempts = [
      page.request.post("/api/team/members", {
        headers: ORIGIN,
        data: { email: uniqueEmail("stolen"), name: "Eve", role: "admin" },
      }),
      page.request.post("/api/team/invites", { headers: ORIGIN, data: { role: "admin", days: 1 } }),
      page.request.put("/api/team/settings", { headers: ORIGIN, data: { selfApproval: true } }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status(), await res.text()).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("sudo_required");
    }
    // Nobody was added.
    const { members } = (await (await page.request.get("/api/team/members")).json()) as {
      members: Array<{ email: string }>;
    };
    expect(members.some((m) => m.email.startsWith("stolen-"))).toBe(false);
    const { invites } = (await (await page.request.get("/api/team/invites")).json()) as { invites: unknown[] };
    const before = invites.length;

    // With the password confirmed, the same calls work.
    expect(
      (await page.request.post("/api/auth/sudo", { headers: ORIGIN, data: { password: E2E.adminPassword } })).status(),
    ).toBe(201);
    const invite = await page.request.post("/api/team/invites", { headers: ORIGIN, data: { role: "member", days: 1 } });
    expect(invite.status(), await invite.text()).toBe(201);
    rememberSecret(((await invite.json()) as { invite: { token: string } }).invite.token);
    const after = ((await (await page.request.get("/api/team/invites")).json()) as { invites: unknown[] }).invites
      .length;
    expect(after).toBe(before + 1);
  });

  test("a fresh sign-in opens the sudo window, and signing out closes it", async ({ page }) => {
    await signIn(page);
    const stamp = (await page.context().cookies()).find((c) => c.name === "keyward-sudo");
    expect(stamp?.httpOnly).toBe(true);
    expect(stamp?.sameSite).toBe("Strict");
    // The first sensitive action after signing in does not ask again: an unknown connection is a 404, not sudo_required.
    const res = await page.request.post("/api/keys", {
      headers: ORIGIN,
      data: { connectionId: "00000000-0000-4000-8000-000000000000", name: "x", reason: "sudo window" },
    });
    expect(res.status(), await res.text()).toBe(404);

    await openAccountMenu(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    expect((await page.context().cookies()).some((c) => c.name === "keyward-sudo")).toBe(false);
  });

  for (const callbackUrl of [
    "/\\evil.example/",
    "/%09/evil.example/",
    "//evil.example/",
    "https://evil.example/",
    "/\\/evil.example/",
  ]) {
    test(`signing in with callbackUrl=${callbackUrl} stays on the console`, async ({ page }) => {
      await page.goto(`/login?callbackUrl=${callbackUrl.replace(/\\/g, "%5C")}`);
      await page.getByLabel("Email").fill(E2E.adminEmail);
      await page.getByLabel("Password").fill(E2E.adminPassword);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
      expect(new URL(page.url()).origin).toBe(E2E.url);
    });
  }

  test("a callback to one of the console's own pages is followed", async ({ page }) => {
    await page.goto(`/login?callbackUrl=${encodeURIComponent("/keys?status=active")}`);
    await page.getByLabel("Email").fill(E2E.adminEmail);
    await page.getByLabel("Password").fill(E2E.adminPassword);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(`${E2E.url}/keys?status=active`);
  });

  test("text the database cannot store gets a 422 naming the field, never a 500", async ({ page }) => {
    await signIn(page);
    const api = page.request;
    const cases: Array<{ what: string; call: () => ReturnType<APIRequestContext["get"]>; field: string }> = [
      {
        what: "account e-mail with NUL",
        call: () =>
          api.post("/api/team/members", {
            headers: ORIGIN,
            data: { email: `bad\u0000${uniqueEmail("nul")}`, role: "member" },
          }),
        field: "email",
      },
      {
        what: "team name with a lone surrogate",
        call: () =>
          api.post("/api/teams", {
            headers: { ...ORIGIN, "content-type": "application/json" },
            data: `{"name":"bad\\ud800name"}`,
          }),
        field: "name",
      },
      { what: "key search with NUL", call: () => api.get("/api/keys?q=a%00b"), field: "q" },
      { what: "audit filter with NUL", call: () => api.get("/api/audit?actor=a%00b"), field: "actor" },
      { what: "keys export with NUL", call: () => api.get("/api/keys/export?q=a%00b"), field: "q" },
      {
        what: "audit export with NUL",
        call: () => api.get("/api/audit/export?format=jsonl&action=a%00b"),
        field: "action",
      },
      { what: "key id with NUL", call: () => api.get("/api/keys/a%00b"), field: "id" },
    ];
    for (const { what, call, field } of cases) {
      const res = await call();
      expect(res.status(), `${what}: ${await res.text()}`).toBe(422);
      const { error } = (await res.json()) as {
        error: { code: string; message: string; fields: Record<string, string> };
      };
      expect(Object.keys(error.fields), what).toEqual([field]);
      expect(error.message, what).toContain(`"${field}"`);
    }
    // The keys and audit pages say the link is damaged instead of failing.
    await page.goto("/keys?q=a%00b");
    await expect(page.getByText(/Some filters in this link were not understood/)).toBeVisible();
    const audit = await page.goto("/audit?actor=a%00b");
    expect(audit?.status()).toBe(200);
  });

  test("an Origin that is null or unparseable is refused with 403", async ({ page }) => {
    await signIn(page);
    for (const origin of ["null", "not a url", "http://["]) {
      const res = await page.request.post("/api/notifications", { headers: { origin } });
      expect(res.status(), origin).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("cross_origin");
    }
  });
});
