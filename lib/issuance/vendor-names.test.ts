import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseEngines, type TestDatabase } from "@/test/support/databases";
import { suiteEmulators } from "@/test/support/suite-emulators";
import type { Db } from "@/lib/db/client";
import { issueAttempts } from "@/lib/db/schema";
import { seedTestTeam } from "@/test/support/seeded-team";
import { grantAdminsEverything } from "@/test/support/grants";
import { toVendorConnection } from "@/lib/connections/credentials";
import type { VendorConnection } from "@/lib/vendors/types";
import { RANCHER_DEFAULT_ENVIRONMENT_ID } from "@/emulators/rancher/emulator";
import { resolveApiRoot } from "@/lib/vendors/rancher/client";
import { getKey as getRancherKey } from "@/lib/vendors/rancher/keys";
import { trendAdapter } from "@/lib/vendors/trend/adapter";
import { TrendChannel } from "@/lib/vendors/trend/client";
import { apiKeySchema } from "@/lib/vendors/trend/wire";
import { callXsiam } from "@/lib/vendors/xsiam/client";
import { PATHS, listBody, parseListReply } from "@/lib/vendors/xsiam/wire";
import type { XsiamSecurityLevel } from "@/lib/vendors/xsiam/auth";
import { issueKey } from "./issue";

// Where the vendor lets Keyward write a key's comment or description, the attempt's marker is on
// the vendor key itself — what a recovery sweep will look for. Read back over each vendor's API.

const emulators = suiteEmulators(["rancher", "trend", "xsiam"] as const);

describe.each(databaseEngines().slice(0, 1))("vendor-side names of attempts on $name", (engine) => {
  let handle: TestDatabase;
  let db: Db;
  let actor: { user: { id: string; email: string }; team: { id: string; role: "admin" } };
  const conn: Record<string, { id: string; vendor: VendorConnection }> = {};
  const attemptOf = async (requestId: string) =>
    (await db.select().from(issueAttempts).where(eq(issueAttempts.requestId, requestId)))[0]!;

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    const seeded = await seedTestTeam(db, { demoCaPem: emulators.caPem(), emulators: emulators.all() });
    actor = { user: seeded.admin.user, team: { id: seeded.teamId, role: "admin" } };
    for (const row of seeded.connections) conn[row.vendor] = { id: row.id, vendor: toVendorConnection(row) };
    // Keys here are issued without expiry: the admin grant names "never" (and the own account) explicitly.
    for (const [vendor, c] of Object.entries(conn)) await grantAdminsEverything(db, actor, c!.id, vendor);
  }, 120_000);
  afterAll(() => handle?.close());

  it("Rancher: the marker follows the user's description on the key", async () => {
    const issued = await issueKey(db, actor, {
      connectionId: conn.rancher!.id,
      name: "ci",
      scope: [RANCHER_DEFAULT_ENVIRONMENT_ID],
      fields: { description: "nightly" },
      reason: "names",
    });
    const attempt = await attemptOf(issued.key.requestId!);
    expect(attempt.vendorName).toMatch(/^keyward-[0-9a-f]{16}$/);
    const onVendor = await getRancherKey(
      await resolveApiRoot(conn.rancher!.vendor),
      RANCHER_DEFAULT_ENVIRONMENT_ID,
      issued.key.vendorKeyId,
    );
    expect(onVendor.description).toBe(`nightly — ${attempt.vendorName}`);
    expect(onVendor.name).toBe("ci");
  });

  it("Trend Micro: the marker is the description when the user wrote none", async () => {
    const role = (await trendAdapter.listRoles(conn.trend!.vendor))[0]!.id;
    const issued = await issueKey(db, actor, {
      connectionId: conn.trend!.id,
      name: "audit",
      scope: [role],
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      fields: {},
      reason: "names",
    });
    const attempt = await attemptOf(issued.key.requestId!);
    const onVendor = await new TrendChannel(conn.trend!.vendor).json(
      "read the key",
      "GET",
      `/apikeys/${issued.key.vendorKeyId}`,
      apiKeySchema,
    );
    expect(onVendor.description).toBe(attempt.vendorName);
    expect(onVendor.keyName).toBe("audit");
  });

  it("XSIAM: the marker closes the key's comment, after its name and comment", async () => {
    const issued = await issueKey(db, actor, {
      connectionId: conn.xsiam!.id,
      name: "soar",
      scope: ["Investigator"],
      securityLevel: "standard",
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      fields: { comment: "playbooks" },
      reason: "names",
    });
    const attempt = await attemptOf(issued.key.requestId!);
    const v = conn.xsiam!.vendor;
    const creds = {
      keyId: v.settings.apiKeyId!,
      apiKey: v.secrets.apiKey!,
      level: v.settings.authLevel as XsiamSecurityLevel,
    };
    const page = parseListReply(
      await callXsiam(v, {
        method: "POST",
        path: PATHS.list,
        body: listBody({
          from: 0,
          to: 100,
          filters: [{ field: "id", operator: "in", value: [Number(issued.key.vendorKeyId)] }],
        }),
        creds,
        action: "list",
      }),
    );
    expect(page?.keys[0]?.comment).toBe(`soar — playbooks — ${attempt.vendorName}`);
  });
});
