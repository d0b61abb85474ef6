import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import type { Db } from "@/lib/db/client";
import { connections, keys, teams, users } from "@/lib/db/schema";
import { getKey } from "./queries";
import { listKeyPage, type KeyViewer } from "./list-keys";
import { parseKeyListQuery } from "./list-query";
import { csvLine } from "./export-csv";
import { keysDashboard } from "./dashboard";

// One status rule: a key still marked active whose expiry has passed reads "expired" on its own
// page exactly as it does in the list, the CSV export and the dashboard's counts.

const hour = 3_600_000;

describe.each(databaseEngines())("one key status on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let teamId: string;
  let viewer: KeyViewer;
  const ids: Record<"lapsedActive" | "live" | "inactivePast" | "revokedPast" | "never", string> = {
    lapsedActive: "",
    live: "",
    inactivePast: "",
    revokedPast: "",
    never: "",
  };

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const [team] = await db.insert(teams).values({ name: "Ops" }).returning();
    teamId = team!.id;
    const [user] = await db.insert(users).values({ email: "admin@example.com", name: "Admin" }).returning();
    viewer = { userId: user!.id, seesAll: true };
    const [conn] = await db
      .insert(connections)
      .values({
        teamId,
        vendor: "trend",
        name: "Workload",
        baseUrl: "https://127.0.0.1:1",
        tlsMode: "system",
        settings: {},
        sealedSecrets: "sealed",
      })
      .returning();
    const key = (name: string, status: "active" | "inactive" | "revoked", expiresAt: Date | null) => ({
      teamId,
      connectionId: conn!.id,
      vendor: "trend",
      name,
      vendorKeyId: `vk-${name}`,
      scope: ["1"],
      status,
      fingerprint: name.padEnd(64, "0"),
      lastFour: "abcd",
      meta: {},
      issuedBy: user!.id,
      expiresAt,
    });
    const past = new Date(Date.now() - hour);
    const future = new Date(Date.now() + 3 * 24 * hour);
    const rows = await db
      .insert(keys)
      .values([
        key("lapsedActive", "active", past),
        key("live", "active", future),
        key("inactivePast", "inactive", past),
        key("revokedPast", "revoked", past),
        key("never", "active", null),
      ])
      .returning();
    for (const r of rows) ids[r.name as keyof typeof ids] = r.id;
  });
  afterAll(() => handle?.close());

  const expected = {
    lapsedActive: "expired",
    live: "active",
    inactivePast: "inactive",
    revokedPast: "revoked",
    never: "active",
  } as const;

  it("a key past its expiry shows expired on its own view, not the stored active", async () => {
    expect((await getKey(db, teamId, ids.lapsedActive)).status).toBe("expired");
  });

  it("the key's own view, the list and the CSV export agree for every key", async () => {
    const list = await listKeyPage(db, teamId, viewer, parseKeyListQuery({ limit: "100" }));
    const fromList = new Map(list.keys.map((k) => [k.id, k]));
    for (const [name, status] of Object.entries(expected)) {
      const id = ids[name as keyof typeof ids];
      expect((await getKey(db, teamId, id)).status, name).toBe(status);
      expect(fromList.get(id)?.status, name).toBe(status);
      expect(csvLine(fromList.get(id)!).split(",")[7], name).toBe(status);
    }
    const onlyExpired = await listKeyPage(db, teamId, viewer, parseKeyListQuery({ status: "expired" }));
    expect(onlyExpired.keys.map((k) => k.id)).toEqual([ids.lapsedActive]);
  });

  it("the dashboard counts as expiring only keys the same rule calls active", async () => {
    const dashboard = await keysDashboard(db, teamId, viewer);
    expect(dashboard.expiringIn7Days.count).toBe(1);
    const active = await listKeyPage(
      db,
      teamId,
      viewer,
      parseKeyListQuery({ status: "active", expiringWithinDays: "7" }),
    );
    expect(active.keys.map((k) => k.id)).toEqual([ids.live]);
  });
});
