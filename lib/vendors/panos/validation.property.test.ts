import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { type VendorError } from "../errors";
import type { MintRequest, VendorConnection } from "../types";
import { createPanosAdapter, validatePanosMintRequest } from "./adapter";
import type { PanosEmulator } from "@/emulators/panos/emulator";
import { connectionTo, startTestFirewall } from "@/emulators/panos/test-support";

// What validatePanosMintRequest accepts, the emulated firewall accepts (the derived admin name,
// the role binding, the commit); what it rejects never reaches the firewall.

const adapter = createPanosAdapter({ commitPollIntervalMs: 5, commitTimeoutMs: 5_000 });
let emulator: PanosEmulator;
let conn: VendorConnection;

beforeAll(async () => {
  const started = await startTestFirewall();
  emulator = started.emulator;
  emulator.firewall.commitDurationMs = [5, 15];
  conn = connectionTo(emulator, started.caPem);
});
afterAll(() => emulator.close());

const EXISTING = ["api-readonly", "api-ops", "no-xmlapi"];

// Weighted so that about half the requests are valid and reach the firewall.
const nameArb = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 40 }).filter((n) => n.trim().length > 0) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 70 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom("", "   ", "x".repeat(64), "y".repeat(65), "tab\there", "Grafana (prod) — read only"),
  },
);
const roleArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant<string[]>([]) },
  { weight: 5, arbitrary: fc.constantFrom(...EXISTING).map((r) => [r]) },
  { weight: 2, arbitrary: fc.constantFrom("bad'role", "a".repeat(32), "", "-leading").map((r) => [r]) },
  { weight: 1, arbitrary: fc.constantFrom("vsys1-reader", "missing-role").map((r) => [r]) },
  { weight: 1, arbitrary: fc.constant<string[]>(["api-readonly", "api-ops"]) },
);
const expiryArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Date | undefined>(undefined) },
  { weight: 1, arbitrary: fc.integer({ min: -2, max: 400 }).map((days) => new Date(Date.now() + days * 86_400_000)) },
);
const tagArb = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[\w-]{0,12}$/) },
  { weight: 2, arbitrary: fc.constantFrom("", "x".repeat(64), "x".repeat(65), "bad tag", "%x", "café") },
);
const levelArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom("", "advanced") },
);

const requestArb = fc
  .record({ name: nameArb, scope: roleArb, expiresAt: expiryArb, tag: tagArb, securityLevel: levelArb })
  .map(({ tag, ...r }): MintRequest => ({ ...r, fields: { tag } }));

it("the adapter's validation and the emulated firewall agree", async () => {
  await fc.assert(
    fc.asyncProperty(requestArb, async (request) => {
      const before = emulator.inspect();
      let verdict: AppError | null = null;
      try {
        validatePanosMintRequest(request);
      } catch (err) {
        verdict = err as AppError;
      }
      const outcome = await adapter.mint(conn, request).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );

      if (verdict) {
        // Rejected first: the same 422, and the firewall never heard of it.
        expect("error" in outcome && outcome.error).toBeInstanceOf(AppError);
        expect("error" in outcome && (outcome.error as AppError).fields).toEqual(verdict.fields);
        expect(emulator.inspect().requests).toBe(before.requests);
        return;
      }
      const role = request.scope[0];
      if (role !== undefined && !EXISTING.includes(role)) {
        // Valid-looking but unknown (or vsys-only) role: refused before any administrator is written.
        expect("error" in outcome && (outcome.error as VendorError).failure).toBe("vendor_rejected");
        expect(emulator.inspect().candidateUsers).toEqual(before.candidateUsers);
        return;
      }
      if (!("result" in outcome)) throw outcome.error;
      const { result } = outcome;
      expect(await adapter.verifyKey!(conn, { secret: result.secret, meta: result.meta })).toBe(true);
      if (role !== undefined) {
        expect(result.meta.admin!.length).toBeLessThanOrEqual(31);
        expect(emulator.inspect().users).toContainEqual({ name: result.meta.admin, role });
        await adapter.revoke!(conn, { vendorKeyId: result.vendorKeyId, meta: result.meta });
        expect(await adapter.verifyKey!(conn, { secret: result.secret, meta: result.meta })).toBe(false);
      }
    }),
    { numRuns: 25 },
  );
});
