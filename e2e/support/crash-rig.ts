/**
 * The crash test's vendor side and referee (e2e/crash-recovery.journey.spec.ts), run with tsx
 * under the react-server condition so it can use the product's adapters and database code:
 *
 *   start    the five emulators (they outlive every console the test kills), a fresh database
 *            seeded with the demo team, and a baseline of what each vendor holds; prints READY
 *   "check"  (a line on stdin, once the console is stopped) compares every vendor with the
 *            database and prints RESULT {…}: vendor keys without a record, records without a
 *            vendor key, attempts left unsettled, and how the sweep settled each attempt
 *
 * The emulators stop with the process (SIGTERM).
 */
import path from "node:path";
import { createInterface } from "node:readline";
import { rmSync } from "node:fs";
import { inArray } from "drizzle-orm";
import type { PanosEmulator } from "@/emulators/panos/emulator";
import type { ExpeditionEmulator } from "@/emulators/expedition/emulator";

const dataDir = process.env.KEYWARD_DATA_DIR!;

async function main() {
  rmSync(dataDir, { recursive: true, force: true });
  const { ensureDemoTls } = await import("@/lib/tls/demo-ca");
  const { startAllEmulators } = await import("@/emulators/all");
  const { seedDemo } = await import("@/lib/demo/seed");
  const { openDatabase } = await import("@/lib/db/client");
  const { connections, issueAttempts, keys } = await import("@/lib/db/schema");
  const { toVendorConnection } = await import("@/lib/connections/credentials");
  const { adapterFor } = await import("@/lib/vendors/registry");

  const tls = await ensureDemoTls(dataDir);
  // Any free ports: other checkouts run their own emulators on this machine.
  const emulators = await startAllEmulators(tls, 0);
  const target = { url: process.env.DATABASE_URL, dataDir: path.join(dataDir, "pglite") };
  let handle = await openDatabase(target);
  const { teamId } = await seedDemo(handle.db, {
    adminEmail: process.env.KEYWARD_ADMIN_EMAIL!,
    adminPassword: process.env.KEYWARD_ADMIN_PASSWORD!,
    demoCaPem: tls.caPem,
    emulators,
  });
  const emulator = <T>(vendor: string) => emulators.find((e) => e.vendor === vendor)!.emulator as unknown as T;
  const panos = emulator<PanosEmulator>("panos");
  const expedition = emulator<ExpeditionEmulator>("expedition");

  /** What each vendor holds now: key ids for the vendors that list, admins on PAN-OS, fingerprints on Expedition. */
  async function vendorHoldings(db: typeof handle.db): Promise<Record<string, string[]>> {
    const held: Record<string, string[]> = {};
    for (const row of await db.select().from(connections)) {
      const adapter = adapterFor(row.vendor)!;
      if (adapter.list) held[row.vendor] = (await adapter.list(toVendorConnection(row))).map((k) => k.vendorKeyId);
    }
    held.panos = panos.inspect().users.map((u) => `admin:${u.name}`);
    held.panosCandidate = panos.inspect().candidateUsers;
    held.expedition = expedition.inspect().keys.map((k) => `user:${k.userId}:${k.fingerprint}`);
    return held;
  }

  const baseline = await vendorHoldings(handle.db);
  await handle.close();
  console.log(
    `READY ${JSON.stringify({ teamId, emulators: emulators.map((e) => ({ vendor: e.vendor, url: e.emulator.url })), ca: path.join(dataDir, "tls", "ca.pem") })}`,
  );

  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line.trim() !== "check") continue;
    handle = await openDatabase(target);
    const db = handle.db;
    const now = await vendorHoldings(db);
    const conns = await db.select().from(connections);
    const vendorOf = new Map(conns.map((c) => [c.id, c.vendor]));
    const attempts = await db.select().from(issueAttempts);
    const recorded = await db
      .select()
      .from(keys)
      .where(inArray(keys.status, ["active", "inactive"]));
    const recordedIds = new Set(recorded.map((k) => `${k.vendor}:${k.vendorKeyId}`));
    const undeliveredOn = (vendor: string) =>
      attempts.filter((a) => a.status === "undelivered" && vendorOf.get(a.connectionId) === vendor).length;

    // Vendor keys made during the test that Keyward neither records nor flags.
    const orphans: string[] = [];
    for (const vendor of ["panos", "xsiam", "trend", "rancher", "expedition"]) {
      const fresh = (now[vendor] ?? []).filter((id) => !(baseline[vendor] ?? []).includes(id));
      const unrecorded = fresh.filter((id) => !recordedIds.has(`${vendor}:${id}`));
      // Expedition keys cannot be named: each unrecorded one must be covered by an undelivered attempt.
      if (vendor === "expedition") {
        if (unrecorded.length > undeliveredOn(vendor))
          orphans.push(
            `expedition: ${unrecorded.length} unrecorded keys, ${undeliveredOn(vendor)} flagged undelivered`,
          );
      } else orphans.push(...unrecorded.map((id) => `${vendor}:${id}`));
    }
    // An administrator still pending in the candidate config is a key in the making nobody will finish.
    orphans.push(
      ...now
        .panosCandidate!.filter((u) => u.startsWith("keyward-") && !recordedIds.has(`panos:admin:${u}`))
        .map((u) => `panos candidate:${u}`),
    );
    // Records whose vendor key is gone (PAN-OS own-account keys are the account's, always there).
    const ghosts = recorded
      .filter((k) => !(k.vendor === "panos" && k.vendorKeyId.startsWith("keygen:")))
      .filter((k) => !(now[k.vendor] ?? []).includes(k.vendorKeyId))
      .map((k) => `${k.vendor}:${k.vendorKeyId}`);
    const settled: Record<string, Record<string, number>> = {};
    for (const a of attempts) {
      const vendor = vendorOf.get(a.connectionId)!;
      const how = a.failureCode ?? a.status;
      settled[vendor] ??= {};
      settled[vendor][how] = (settled[vendor][how] ?? 0) + 1;
    }
    const result = {
      orphans,
      ghosts,
      unsettled: attempts.filter((a) => a.status === "minting").map((a) => a.id),
      settled,
      recorded: recorded.length,
    };
    await handle.close();
    console.log(`RESULT ${JSON.stringify(result)}`);
  }
}

process.on("SIGTERM", () => process.exit(0));
main().catch((err: unknown) => {
  console.error(`crash rig failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
