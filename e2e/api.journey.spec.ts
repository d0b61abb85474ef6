import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signIn } from "./support/helpers";
import { E2E } from "./support/server-config";

/** The BFF's guard rails, as a script or a hostile page would meet them. */
test.describe("BFF guard rails", () => {
  test("without a session every route answers 401 in the error shape", async ({ playwright }) => {
    const anon = await playwright.request.newContext({ baseURL: E2E.url });
    for (const path of ["/api/connections", "/api/keys", "/api/audit", "/api/vendors"]) {
      const res = await anon.get(path);
      expect(res.status(), path).toBe(401);
      expect((await res.json()).error).toMatchObject({ code: "unauthorized" });
    }
    await anon.dispose();
  });

  test("mutations from another origin are refused, bad bodies get field errors, other ids 404", async ({ page }) => {
    await signIn(page);
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    const api = page.request;

    const crossSite = await api.post("/api/connections", {
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      data: {},
    });
    expect(crossSite.status()).toBe(403);
    expect((await crossSite.json()).error.code).toBe("cross_origin");

    const headers = { origin: E2E.url };
    const empty = await api.post("/api/connections", {
      headers,
      data: { vendor: "panos", name: "", baseUrl: "", tlsMode: "ca" },
    });
    expect(empty.status()).toBe(422);
    expect((await empty.json()).error.fields).toMatchObject({ name: "Give the connection a name." });

    const badPem = await api.post("/api/connections", {
      headers,
      data: {
        vendor: "panos",
        name: "x",
        baseUrl: "https://192.0.2.1",
        tlsMode: "ca",
        caPem: "hello",
        settings: { username: "a" },
        secrets: { password: "b" },
      },
    });
    expect(badPem.status()).toBe(422);
    expect((await badPem.json()).error.fields.caPem).toContain("PEM");

    const notJson = await api.post("/api/keys", {
      headers: { ...headers, "content-type": "text/plain" },
      data: "name=x",
    });
    expect(notJson.status()).toBe(415);

    expect((await api.get(`/api/connections/${randomUUID()}`)).status()).toBe(404);
    expect((await api.get(`/api/keys/${randomUUID()}`)).status()).toBe(404);
    expect((await api.get("/api/connections/not-a-uuid")).status()).toBe(404);

    const mint = await api.post("/api/keys", { headers, data: { connectionId: randomUUID(), name: "x" } });
    expect(mint.status()).toBe(404);
  });

  test("issuing and changing connections need a password confirmed in the last 10 minutes", async ({ page }) => {
    await signIn(page, E2E.adminPassword, { sudo: false });
    const headers = { origin: E2E.url };
    const mint = await page.request.post("/api/keys", { headers, data: { connectionId: randomUUID(), name: "x" } });
    expect(mint.status()).toBe(403);
    expect((await mint.json()).error.code).toBe("sudo_required");
    const wrong = await page.request.post("/api/auth/sudo", { headers, data: { password: "nope" } });
    expect(wrong.status()).toBe(403);
    const right = await page.request.post("/api/auth/sudo", { headers, data: { password: E2E.adminPassword } });
    expect(right.status()).toBe(201);
    const cookie = (await page.context().cookies()).find((c) => c.name === "keyward-sudo");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.value).not.toContain(E2E.adminPassword);
    expect(
      (await page.request.post("/api/keys", { headers, data: { connectionId: randomUUID(), name: "x" } })).status(),
    ).toBe(404);
  });

  test("a connection read never carries its credentials", async ({ page }) => {
    await signIn(page);
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    const res = await page.request.get("/api/connections");
    expect(res.headers()["cache-control"]).toContain("no-store");
    const body = await res.text();
    expect(body).not.toContain("Keyward-Demo-1");
    expect(body).not.toContain("sealedSecrets");
    const { connections } = JSON.parse(body) as { connections: Array<{ vendor: string; secretsSet: string[] }> };
    expect(connections.find((c) => c.vendor === "panos")?.secretsSet).toEqual(["password"]);
  });

  test("20 identical issues over HTTP (one Idempotency-Key) give one key; the repeats answer 409 with its id and no secret", async ({
    page,
  }) => {
    await signIn(page);
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    const { connections } = (await (await page.request.get("/api/connections")).json()) as {
      connections: Array<{ id: string; vendor: string }>;
    };
    const panos = connections.find((c) => c.vendor === "panos")!;
    const submission = {
      headers: { origin: E2E.url, "idempotency-key": randomUUID() },
      data: {
        connectionId: panos.id,
        name: `double click ${randomUUID().slice(0, 8)}`,
        scope: ["api-readonly"],
        reason: "Idempotency over HTTP",
      },
    };
    const answers = await Promise.all(Array.from({ length: 20 }, () => page.request.post("/api/keys", submission)));
    const issued = answers.filter((a) => a.status() === 201);
    expect(issued).toHaveLength(1);
    const { key, secret } = (await issued[0]!.json()) as { key: { id: string; requestId: string }; secret: string };
    for (const repeat of answers.filter((a) => a.status() !== 201)) {
      expect(repeat.status()).toBe(409);
      const text = await repeat.text();
      expect(text).not.toContain(secret);
      expect(JSON.parse(text).error).toMatchObject({
        code: "duplicate_submission",
        outcome: { requestId: key.requestId },
      });
    }
    const later = await page.request.post("/api/keys", submission);
    expect(later.status()).toBe(409);
    expect((await later.json()).error.outcome).toEqual({ status: "issued", requestId: key.requestId, keyId: key.id });
    // Without the header, the same body is a new submission.
    const fresh = await page.request.post("/api/keys", { ...submission, headers: { origin: E2E.url } });
    expect(fresh.status()).toBe(201);
    expect(((await fresh.json()) as { key: { id: string } }).key.id).not.toBe(key.id);
    const bad = await page.request.post("/api/keys", {
      ...submission,
      headers: { origin: E2E.url, "idempotency-key": "has spaces in it" },
    });
    expect(bad.status()).toBe(400);
  });
});
