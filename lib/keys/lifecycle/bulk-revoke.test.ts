import { desc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { suiteEmulators } from "@/test/support/suite-emulators";
import { rejection } from "@/test/support/rejection";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { viewerOf } from "@/lib/auth/actor";
import { auditEvents, connections, keys, memberships, users } from "@/lib/db/schema";
import { seedTestTeam } from "@/test/support/seeded-team";
import { toVendorConnection } from "@/lib/connections/credentials";
import { RANCHER_DEFAULT_ENVIRONMENT_ID } from "@/emulators/rancher/emulator";
import { rancherAdapter } from "@/lib/vendors/rancher/adapter";
import { issueKey } from "@/lib/issuance/issue";
import type { IssuedKey } from "@/lib/issuance/types";
import { listKeyPage } from "../list-keys";
import { parseKeyListQuery, type KeyFilter } from "../list-query";
import { bulkRevoke, previewBulkRevoke } from "./bulk-revoke";

// Bulk revoke against real vendors over HTTPS (Rancher revokes, PAN-OS per-key administrators are
// deleted and committed, Expedition cannot revoke), on every engine: the preview names exactly
// what goes, the confirmation re-checks each key and reports each one.

process.env.KEYWARD_VENDOR_TIMEOUT_MS = "4000";

const emulators = suiteEmulators(["rancher", "expedition", "panos"] as const);

describe.each(databaseEngines())("bulk revoke on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let admin: Actor;
  const conn: Record<string, string> = {};
  let n = 0;

  const rancherWorks = async (k: IssuedKey) =>
    rancherAdapter.verifyKey!(
      toVendorConnection((await db.select().from(connections).where(eq(connections.id, conn.rancher!)))[0]!),
      { secret: k.secret, publicId: k.publicId, meta: { environmentId: RANCHER_DEFAULT_ENVIRONMENT_ID } },
    );
  const status = async (id: string) => (await db.select().from(keys).where(eq(keys.id, id)))[0]!;

  /** Keys on three vendors under one fresh name prefix, so each test's filter selects only its own. */
  async function issueMixed(prefix: string) {
    const body = (connectionId: string, name: string, scope: string[]) => ({
      connectionId,
      name: `${prefix}-${name}`,
      scope,
      fields: {},
      reason: "bulk revoke test",
    });
    const rancher = await issueKey(db, admin, body(conn.rancher!, "rancher", [RANCHER_DEFAULT_ENVIRONMENT_ID]));
    const expedition = await issueKey(db, admin, body(conn.expedition!, "expedition", []));
    const panos = await issueKey(db, admin, body(conn.panos!, "panos", ["api-readonly"]));
    return { rancher, expedition, panos };
  }
  const prefix = () => `bulk${engine.name}${++n}`.toLowerCase();

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const seeded = await seedTestTeam(db, { demoCaPem: emulators.caPem(), emulators: emulators.all() });
    admin = seeded.admin;
    for (const c of seeded.connections) conn[c.vendor] = c.id;
  }, 120_000);
  afterAll(() => handle?.close());

  it("previews exactly the live matching keys, then revokes each on its vendor, reporting and auditing each", async () => {
    const p = prefix();
    const issued = await issueMixed(p);
    const filter: KeyFilter = { q: p };
    const before = await db.$count(auditEvents);
    const preview = await previewBulkRevoke(db, admin.team.id, viewerOf(admin), filter);
    expect(await db.$count(auditEvents)).toBe(before); // a read writes nothing
    expect(preview.count).toBe(3);
    expect(preview.keyIds.sort()).toEqual(
      [issued.rancher.key.id, issued.expedition.key.id, issued.panos.key.id].sort(),
    );
    expect(preview.byHand).toEqual([
      { vendor: "expedition", vendorName: expect.stringContaining("Expedition"), count: 1 },
    ]);
    expect(preview.keys.find((k) => k.id === issued.expedition.key.id)?.byHand).toBe(true);

    const result = await bulkRevoke(db, admin, viewerOf(admin), { filter, keyIds: preview.keyIds });
    expect(result).toMatchObject({ revoked: 2, retireByHand: 1, failed: 0, skipped: 0 });
    const outcome = (id: string) => result.keys.find((k) => k.id === id)?.outcome;
    expect(outcome(issued.rancher.key.id)).toBe("revoked");
    expect(outcome(issued.panos.key.id)).toBe("revoked");
    expect(outcome(issued.expedition.key.id)).toBe("retire_by_hand");
    expect(await rancherWorks(issued.rancher)).toBe(false);
    expect((await status(issued.rancher.key.id)).status).toBe("revoked");
    expect((await status(issued.panos.key.id)).status).toBe("revoked");
    expect(await status(issued.expedition.key.id)).toMatchObject({ status: "active", retireByHand: true });

    const events = await db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.action, ["key.bulk_revoke", "key.revoke", "key.retire_by_hand"]))
      .orderBy(desc(auditEvents.id))
      .limit(4);
    expect(events[0]).toMatchObject({
      action: "key.bulk_revoke",
      outcome: "success",
      actorId: admin.user.id,
      detail: { filter: { q: p }, requested: 3, revoked: 2, retireByHand: 1, failed: 0, skipped: 0 },
    });
    expect(
      events
        .slice(1)
        .map((e) => e.targetId)
        .sort(),
    ).toEqual(preview.keyIds.sort());
    // Nothing live matches any more but the Expedition key, which an admin must retire on the vendor.
    expect((await previewBulkRevoke(db, admin.team.id, viewerOf(admin), filter)).keyIds).toEqual([
      issued.expedition.key.id,
    ]);
  });

  it("skips keys that changed after the preview and reports why; a vendor failure does not stop the rest", async () => {
    const p = prefix();
    const issued = await issueMixed(p);
    const filter: KeyFilter = { q: p };
    const preview = await previewBulkRevoke(db, admin.team.id, viewerOf(admin), filter);
    // After the preview: one key is revoked elsewhere, one renamed out of the filter, and Rancher goes down.
    await db.update(keys).set({ status: "revoked" }).where(eq(keys.id, issued.expedition.key.id));
    await db.update(keys).set({ name: "renamed away" }).where(eq(keys.id, issued.panos.key.id));
    emulators.get("rancher").setFaults({ status: 503 });
    const result = await bulkRevoke(db, admin, viewerOf(admin), { filter, keyIds: preview.keyIds });
    emulators.get("rancher").setFaults(null);
    expect(result).toMatchObject({ revoked: 0, retireByHand: 0, failed: 1, skipped: 2 });
    const entry = (id: string) => result.keys.find((k) => k.id === id)!;
    expect(entry(issued.expedition.key.id)).toMatchObject({
      outcome: "skipped",
      message: expect.stringMatching(/no longer live/i),
    });
    expect(entry(issued.panos.key.id)).toMatchObject({
      outcome: "skipped",
      message: expect.stringMatching(/no longer matches/i),
    });
    expect(entry(issued.rancher.key.id)).toMatchObject({ outcome: "failed", message: expect.any(String) });
    expect((await status(issued.panos.key.id)).status).toBe("active");
    expect((await status(issued.rancher.key.id)).status).toBe("active");
    expect(await rancherWorks(issued.rancher)).toBe(true);
    const [bulk] = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "key.bulk_revoke"))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(bulk).toMatchObject({ outcome: "failure", detail: { failed: 1, skipped: 2 } });
  });

  it("refuses a member, and the filter reaches only the keys the viewer may see", async () => {
    const p = prefix();
    const issued = await issueMixed(p);
    const [user] = await db
      .insert(users)
      .values({ email: `member-${p}@example.com`, name: "Member" })
      .returning();
    await db.insert(memberships).values({ teamId: admin.team.id, userId: user!.id, role: "member" });
    const member: Actor = { user: { id: user!.id, email: user!.email }, team: { id: admin.team.id, role: "member" } };
    await db.update(keys).set({ issuedBy: user!.id }).where(eq(keys.id, issued.rancher.key.id));
    const filter: KeyFilter = { q: p };

    expect((await previewBulkRevoke(db, admin.team.id, viewerOf(member), filter)).keyIds).toEqual([
      issued.rancher.key.id,
    ]);
    const err = await rejection(bulkRevoke(db, member, viewerOf(member), { filter, keyIds: [issued.rancher.key.id] }));
    expect(err).toMatchObject({ status: 403 });
    expect(await rancherWorks(issued.rancher)).toBe(true);

    // A viewer who sees only the member's keys cannot reach the others, even with their ids.
    const narrow = { userId: user!.id, seesAll: false };
    const result = await bulkRevoke(db, admin, narrow, {
      filter,
      keyIds: [issued.expedition.key.id, issued.panos.key.id],
    });
    expect(result).toMatchObject({ revoked: 0, skipped: 2 });
    expect((await status(issued.panos.key.id)).status).toBe("active");
  });

  it("ownerless keys: flagged in the list and selected by the ownerless filter", async () => {
    const p = prefix();
    const issued = await issueMixed(p);
    const [gone] = await db
      .insert(users)
      .values({ email: `gone-${p}@example.com`, name: "Gone" })
      .returning();
    await db.update(keys).set({ issuedBy: gone!.id }).where(eq(keys.id, issued.rancher.key.id));
    const list = await listKeyPage(db, admin.team.id, viewerOf(admin), parseKeyListQuery({ q: p }));
    expect(list.keys.map((k) => [k.name, k.ownerless]).sort()).toEqual([
      [`${p}-expedition`, false],
      [`${p}-panos`, false],
      [`${p}-rancher`, true],
    ]);
    const only = await listKeyPage(db, admin.team.id, viewerOf(admin), parseKeyListQuery({ q: p, ownerless: "1" }));
    expect(only.keys.map((k) => k.id)).toEqual([issued.rancher.key.id]);
    const preview = await previewBulkRevoke(db, admin.team.id, viewerOf(admin), { q: p, ownerless: true });
    expect(preview.keyIds).toEqual([issued.rancher.key.id]);
  });
});
