import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { rejection } from "@/test/support/rejection";
import type { Db } from "@/lib/db/client";
import { auditEvents, connections, keys, teams, users } from "@/lib/db/schema";
import { confirmDelivery, deliveryState, DELIVERY_WINDOW_MS } from "./delivery";
import { keysDashboard } from "./dashboard";
import { getKeyLifecycle } from "./lifecycle/view";

// A written answer is not a received one: the page confirms it showed the secret, and a key
// whose confirmation never came is "delivery unconfirmed" on its page and the dashboard.

describe("deliveryState", () => {
  const issuedAt = new Date("2026-12-01T10:00:00Z");
  it("is awaiting within the window, unconfirmed after it, confirmed once the page said so", () => {
    expect(deliveryState({ deliveredAt: null, issuedAt }, new Date(issuedAt.getTime() + DELIVERY_WINDOW_MS - 1))).toBe(
      "awaiting",
    );
    expect(deliveryState({ deliveredAt: null, issuedAt }, new Date(issuedAt.getTime() + DELIVERY_WINDOW_MS))).toBe(
      "unconfirmed",
    );
    expect(
      deliveryState({ deliveredAt: issuedAt, issuedAt }, new Date(issuedAt.getTime() + 10 * DELIVERY_WINDOW_MS)),
    ).toBe("confirmed");
  });

  it("is undelivered once the key was taken back, whatever the clock says", () => {
    expect(deliveryState({ deliveredAt: null, issuedAt, undeliveredAt: issuedAt }, issuedAt)).toBe("undelivered");
    expect(
      deliveryState(
        { deliveredAt: null, issuedAt, undeliveredAt: issuedAt },
        new Date(issuedAt.getTime() + 10 * DELIVERY_WINDOW_MS),
      ),
    ).toBe("undelivered");
  });
});

describe.each(databaseEngines())("delivery confirmation on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let teamId: string;
  let owner: { id: string; email: string };
  let other: { id: string; email: string };
  let connectionId: string;
  let n = 0;

  async function newKey(issuedAt = new Date()): Promise<string> {
    const [k] = await db
      .insert(keys)
      .values({
        teamId,
        connectionId,
        vendor: "rancher",
        name: `k${++n}`,
        vendorKeyId: `v${n}`,
        scope: [],
        fingerprint: `f${n}`,
        lastFour: "abcd",
        meta: {},
        issuedBy: owner.id,
        issuedAt,
      })
      .returning({ id: keys.id });
    return k!.id;
  }

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const [team] = await db.insert(teams).values({ name: "Delivery" }).returning();
    teamId = team!.id;
    const [a, b] = await db
      .insert(users)
      .values([
        { email: "owner@example.com", name: "Owner" },
        { email: "other@example.com", name: "Other" },
      ])
      .returning();
    owner = { id: a!.id, email: a!.email };
    other = { id: b!.id, email: b!.email };
    const [conn] = await db
      .insert(connections)
      .values({
        teamId,
        vendor: "rancher",
        name: "r",
        baseUrl: "https://127.0.0.1:1",
        tlsMode: "system",
        settings: {},
        sealedSecrets: "x",
      })
      .returning();
    connectionId = conn!.id;
  });
  afterAll(() => handle?.close());

  it("the owner's confirmation is kept once and audited once; nobody else can confirm", async () => {
    const id = await newKey();
    await rejection(confirmDelivery(db, { user: other, team: { id: teamId } }, id));
    const first = await confirmDelivery(db, { user: owner, team: { id: teamId } }, id);
    const again = await confirmDelivery(db, { user: owner, team: { id: teamId } }, id);
    expect(again.deliveredAt).toBe(first.deliveredAt);
    expect(
      await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "key.delivered"), eq(auditEvents.targetId, id))),
    ).toHaveLength(1);
    expect((await getKeyLifecycle(db, teamId, id)).delivery).toBe("confirmed");
  });

  it("a key never confirmed shows as unconfirmed on its page and counts on the dashboard", async () => {
    const viewer = { userId: owner.id, seesAll: true };
    const before = (await keysDashboard(db, teamId, viewer)).unconfirmedDeliveries.count;
    const id = await newKey(new Date(Date.now() - 2 * DELIVERY_WINDOW_MS));
    const fresh = await newKey();
    expect((await getKeyLifecycle(db, teamId, id)).delivery).toBe("unconfirmed");
    expect((await getKeyLifecycle(db, teamId, fresh)).delivery).toBe("awaiting");
    expect((await keysDashboard(db, teamId, viewer)).unconfirmedDeliveries.count).toBe(before + 1);
    // A late confirmation still counts, and is audited as late.
    await confirmDelivery(db, { user: owner, team: { id: teamId } }, id);
    expect((await keysDashboard(db, teamId, viewer)).unconfirmedDeliveries.count).toBe(before);
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "key.delivered"), eq(auditEvents.targetId, id)));
    expect(event!.detail).toMatchObject({ late: true });
  });
});
