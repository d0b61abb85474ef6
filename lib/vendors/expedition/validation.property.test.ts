import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { addMonths } from "date-fns";
import { AppError } from "@/lib/errors";
import { VendorError } from "../errors";
import type { MintRequest } from "../types";
import { expeditionAdapter } from "./adapter";
import { validateExpeditionMintRequest } from "./capabilities";
import { DAY_MS, startTestBed, type ExpeditionTestBed } from "@/emulators/expedition/test-support";

/**
 * The adapter's own validation and the emulator agree: what the adapter accepts the emulator
 * issues a key for (given right credentials), and what would be refused is refused by the adapter
 * before Expedition is contacted. Expedition receives only the user name and password, so for the
 * name, scope, security level and expiry the adapter is the only judge and must not call at all.
 */

let bed: ExpeditionTestBed;
beforeAll(async () => {
  bed = await startTestBed();
});
afterAll(() => bed.emulator.close());

const CREDENTIALS = [
  { username: "admin", password: "paloalto", valid: true },
  { username: "migrator", password: "Migrate-Expedition-2", valid: true },
  { username: "admin", password: "Paloalto", valid: false },
  { username: "ghost", password: "paloalto", valid: false },
  { username: "", password: "paloalto", valid: false },
  { username: "admin", password: "", valid: false },
];

const nameArb = fc.oneof(
  { arbitrary: fc.string({ maxLength: 80 }), weight: 3 },
  {
    arbitrary: fc.constantFrom(
      "",
      "   ",
      "a".repeat(64),
      "a".repeat(65),
      ` ${"b".repeat(64)} `,
      "line\nbreak",
      "tab\there",
      "ci-runner key",
    ),
    weight: 2,
  },
);
/** Each dimension is valid most of the time, so that whole valid requests are common too. */
const scopeArb = fc.oneof(
  { arbitrary: fc.constant<string[]>([]), weight: 3 },
  { arbitrary: fc.array(fc.constantFrom("superuser", "read-only", ""), { minLength: 1, maxLength: 2 }), weight: 1 },
);
const levelArb = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: fc.constantFrom("", "standard", "advanced"), weight: 1 },
);
/** Expiries at, just before and just past Expedition's fixed one month, and absurd ones (offsets from it). */
const expiryArb = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: fc.constantFrom(-DAY_MS, 0, DAY_MS, -29 * DAY_MS, -31 * DAY_MS, 365 * DAY_MS), weight: 1 },
);
const credentialsArb = fc.oneof(
  { arbitrary: fc.constantFrom(...CREDENTIALS.slice(0, 2)), weight: 2 },
  { arbitrary: fc.constantFrom(...CREDENTIALS.slice(2)), weight: 1 },
);

type Credentials = (typeof CREDENTIALS)[number];
/** Always-run cases, one per branch of the property. */
const EXAMPLES: Array<[string, string[], string | undefined, number | undefined, Credentials]> = [
  ["deploy key", [], undefined, undefined, CREDENTIALS[0]!],
  ["deploy key", [], "", undefined, CREDENTIALS[3]!],
  ["deploy key", [], undefined, 0, CREDENTIALS[0]!],
  ["a".repeat(65), ["superuser"], undefined, undefined, CREDENTIALS[1]!],
  ["deploy key", [], undefined, undefined, CREDENTIALS[5]!],
];

describe("validateExpeditionMintRequest agrees with the emulator", () => {
  it("accepts only what Expedition can issue, and refuses the rest before calling it", async () => {
    await fc.assert(
      fc.asyncProperty(
        nameArb,
        scopeArb,
        levelArb,
        expiryArb,
        credentialsArb,
        async (name, scope, securityLevel, expiryOffset, creds) => {
          const request: MintRequest = {
            name,
            scope,
            securityLevel,
            expiresAt:
              expiryOffset === undefined ? undefined : new Date(addMonths(Date.now(), 1).getTime() + expiryOffset),
            fields: {},
          };
          let validation: AppError | undefined;
          try {
            validateExpeditionMintRequest(request);
          } catch (err) {
            validation = err as AppError;
          }
          const conn = bed.connection({
            settings: { username: creds.username },
            secrets: { password: creds.password },
          });
          const attemptsBefore = bed.emulator.inspect().loginAttempts;
          const outcome = await expeditionAdapter.mint(conn, request).then(
            (result) => ({ ok: true as const, result }),
            (error: unknown) => ({ ok: false as const, error }),
          );
          const attempts = bed.emulator.inspect().loginAttempts - attemptsBefore;

          if (validation) {
            expect(validation.status).toBe(422);
            expect(outcome.ok).toBe(false);
            expect((outcome as { error: unknown }).error).toBeInstanceOf(AppError);
            expect((outcome as { error: AppError }).error.fields).toEqual(validation.fields);
            expect(attempts).toBe(0);
            return;
          }
          if (!creds.username || !creds.password) {
            // The adapter refuses first; the emulator would have answered 400.
            expect(attempts).toBe(0);
            expect((outcome as { error: unknown }).error).toBeInstanceOf(VendorError);
            const direct = await bed.call("POST", "/api/v1/generate_api_key", {
              headers: { "content-type": "application/x-www-form-urlencoded" },
              body: new URLSearchParams({ username: creds.username, password: creds.password }).toString(),
            });
            expect(direct.status).toBe(400);
            return;
          }
          expect(attempts).toBe(1);
          expect(outcome.ok).toBe(creds.valid);
          if (outcome.ok) {
            const fingerprint = outcome.result.vendorKeyId.split(":")[2];
            const stored = bed.emulator.inspect().keys.find((k) => k.fingerprint === fingerprint);
            expect(stored).toBeDefined();
            // The expiry the console records is the one Expedition applies.
            expect(Math.abs(new Date(stored!.expiresAt).getTime() - outcome.result.expiresAt!.getTime())).toBeLessThan(
              5000,
            );
          } else {
            expect((outcome.error as VendorError).failure).toBe("vendor_auth");
          }
        },
      ),
      { numRuns: 25, examples: EXAMPLES },
    );
  });
});
