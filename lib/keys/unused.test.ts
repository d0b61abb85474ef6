import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { connections, keys, teams, users } from "@/lib/db/schema";
import { listKeyPage, type KeyViewer } from "./list-keys";
import { keyFilterParams, parseKeyFilter, parseKeyListQuery } from "./list-query";
import { keysCsvStream } from "./export-csv";
import { lastUseReportingVendors } from "./unused";

// The inventory's "unused for N days" on both engines: only keys whose vendor reports last use
// and that reconcile has seen; idle since the last use, or since the issue when never used.

// The export reads the clock itself, so the keys are placed relative to the real one.
const NOW = new Date();
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

it("only Trend reports last use today: the filter and the policy cover Trend keys alone", () => {
  expect(lastUseReportingVendors()).toEqual(["trend"]);
});

it("refuses a window that is not a whole number of days from 1 to 3650", () => {
  for (const bad of ["0", "abc", "1.5", "3651"]) {
    expect(() => parseKeyListQuery({ unusedForDays: bad })).toThrow(ZodError);
  }
  expect(parseKeyListQuery({ unusedForDays: "90" }).unusedForDays).toBe(90);
  expect(parseKeyListQuery({ unusedForDays: "" }).unusedForDays).toBeUndefined();
});

it("keeps the window in the filter bulk revoke previews and sends back", () => {
  const filter = parseKeyFilter(new URLSearchParams("unusedForDays=90&vendor=trend"));
  expect(keyFilterParams(filter).toString()).toBe("vendor=trend&unusedForDays=90");
});

describe.each(databaseEngines())("unused-for filter on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let teamId: string;
  let viewer: KeyViewer;
  const names = async (params: Record<string, string>) =>
    (await listKeyPage(db, teamId, viewer, parseKeyListQuery({ sort: "name", ...params }), NOW)).keys.map(
      (k) => k.name,
    );

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const [team] = await db.insert(teams).values({ name: "Idle" }).returning();
    teamId = team!.id;
    const [u] = await db.insert(users).values({ email: "owner@example.com", name: "Owner" }).returning();
    viewer = { userId: u!.id, seesAll: true };
    const conn = (vendor: string) => ({
      teamId,
      vendor,
      name: vendor,
      baseUrl: "https://127.0.0.1:1",
      tlsMode: "system" as const,
      settings: {},
      sealedSecrets: "sealed",
    });
    const [trend, panos] = await db
      .insert(connections)
      .values([conn("trend"), conn("panos")])
      .returning();
    const key = (
      name: string,
      vendor: "trend" | "panos",
      fields: Partial<typeof keys.$inferInsert> = {},
    ): typeof keys.$inferInsert => ({
      teamId,
      connectionId: vendor === "trend" ? trend!.id : panos!.id,
      vendor,
      name,
      vendorKeyId: name,
      scope: ["r"],
      fingerprint: name.padEnd(64, "0"),
      lastFour: "abcd",
      meta: {},
      issuedBy: u!.id,
      issuedAt: ago(200),
      lastSeenAt: ago(0),
      ...fields,
    });
    await db
      .insert(keys)
      .values([
        key("idle-100", "trend", { lastUsedAt: ago(100) }),
        key("used-10", "trend", { lastUsedAt: ago(10) }),
        key("never-used-old", "trend", { issuedAt: ago(100) }),
        key("never-used-new", "trend", { issuedAt: ago(20) }),
        key("not-reconciled-yet", "trend", { issuedAt: ago(100), lastSeenAt: null }),
        key("idle-but-revoked", "trend", { lastUsedAt: ago(100), status: "revoked", revokedAt: ago(5) }),
        key("idle-but-expired", "trend", { lastUsedAt: ago(100), expiresAt: ago(1) }),
        key("idle-deactivated", "trend", { lastUsedAt: ago(100), status: "inactive" }),
        key("panos-old", "panos", { issuedAt: ago(300) }),
      ]);
  }, 120_000);
  afterAll(() => handle?.close());

  it("selects keys idle past the window, by last use or by issue when never used", async () => {
    expect(await names({ unusedForDays: "90" })).toEqual(["idle-100", "idle-deactivated", "never-used-old"]);
    expect(await names({ unusedForDays: "15" })).toEqual([
      "idle-100",
      "idle-deactivated",
      "never-used-new",
      "never-used-old",
    ]);
    expect(await names({ unusedForDays: "5" })).toContain("used-10");
    expect(await names({ unusedForDays: "150" })).toEqual([]);
  });

  it("never calls a key unused on a vendor that reports nothing, nor before reconcile has seen it", async () => {
    const all = await names({ unusedForDays: "1" });
    expect(all).not.toContain("panos-old");
    expect(all).not.toContain("not-reconciled-yet");
    expect(all).not.toContain("idle-but-revoked");
    expect(all).not.toContain("idle-but-expired");
    // Without the filter they are all listed, the PAN-OS key among them.
    expect(await names({})).toHaveLength(9);
  });

  it("combines with the other filters and the export writes exactly the filtered keys", async () => {
    expect(await names({ unusedForDays: "90", status: "active" })).toEqual(["idle-100", "never-used-old"]);
    const reader = (
      await keysCsvStream(db, teamId, viewer, parseKeyListQuery({ unusedForDays: "90", sort: "name" }))
    ).getReader();
    let text = "";
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
    const rows = text.trimEnd().split("\r\n").slice(1);
    expect(rows.map((r) => r.split(",")[1])).toEqual(["idle-100", "idle-deactivated", "never-used-old"]);
    expect(rows[0]!.split(",").at(-1)).toBe(ago(100).toISOString());
    expect(rows[2]!.split(",").at(-1)).toBe("");
  });
});
