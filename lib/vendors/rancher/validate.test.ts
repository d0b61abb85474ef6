import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { MintRequest, VendorRole } from "../types";
import { rancherAdapter, validateRancherMintRequest } from "./adapter";
import { startTestBed, type RancherTestBed } from "@/emulators/rancher/test-support";

let bed: RancherTestBed;
let environments: VendorRole[];
beforeAll(async () => {
  bed = await startTestBed(5);
  environments = await rancherAdapter.listRoles(bed.connection());
});
afterAll(() => bed.emulator.close());

function fieldErrors(request: MintRequest): Record<string, string> {
  try {
    validateRancherMintRequest(request, { environments });
    return {};
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(422);
    return (err as AppError).fields ?? {};
  }
}

const valid: MintRequest = { name: "ok", scope: ["1a5"], fields: {} };

describe("validateRancherMintRequest", () => {
  it("holds names to Rancher's 255 characters, after trimming", () => {
    expect(fieldErrors({ ...valid, name: "x".repeat(255) })).toEqual({});
    expect(fieldErrors({ ...valid, name: `  ${"x".repeat(255)}  ` })).toEqual({});
    expect(fieldErrors({ ...valid, name: "x".repeat(256) })).toHaveProperty("name");
    expect(fieldErrors({ ...valid, name: "   " })).toHaveProperty("name");
    expect(fieldErrors({ ...valid, name: "a\nb" })).toHaveProperty("name");
  });

  it("wants exactly one environment the connection sees", () => {
    expect(fieldErrors({ ...valid, scope: [] })).toHaveProperty("scope");
    expect(fieldErrors({ ...valid, scope: ["1a5", "1a7"] })).toHaveProperty("scope");
    expect(fieldErrors({ ...valid, scope: ["1a99"] })).toHaveProperty("scope");
    expect(fieldErrors({ ...valid, scope: ["../1a5"] })).toHaveProperty("scope");
    expect(() => validateRancherMintRequest({ ...valid, scope: ["1a99"] })).not.toThrow(); // without the list, Rancher decides
  });

  it("refuses an expiry that is not in the future, a security level and an over-long description", () => {
    expect(fieldErrors({ ...valid, expiresAt: new Date() })).toHaveProperty("expiresAt");
    // A future expiry is Keyward's to enforce.
    expect(fieldErrors({ ...valid, expiresAt: new Date(Date.now() + 86_400_000) })).toEqual({});
    expect(fieldErrors({ ...valid, securityLevel: "advanced" })).toHaveProperty("securityLevel");
    expect(fieldErrors({ ...valid, fields: { description: "d".repeat(1024) } })).toEqual({});
    expect(fieldErrors({ ...valid, fields: { description: "d".repeat(1025) } })).toHaveProperty("description");
  });
});

const around = (limit: number) =>
  fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: limit - 3, max: limit + 3 }));
const text = (limit: number) =>
  fc.oneof(
    { weight: 3, arbitrary: around(limit).map((n) => "k".repeat(n)) },
    { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 40, unit: "grapheme" }) },
    { weight: 1, arbitrary: fc.constantFrom("", "   ", " padded ", "tab\there", "ünïcødé 🔑") },
  );

describe("adapter and emulator agree", () => {
  it("mints what it accepts; rejects first what Rancher would refuse", async () => {
    await fc.assert(
      fc.asyncProperty(
        text(255),
        fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom("1a5", "1a7").map((id) => [id]) },
          {
            weight: 2,
            arbitrary: fc.array(fc.constantFrom("1a5", "1a7", "1a99", "1A5", "", "../x"), { maxLength: 2 }),
          },
        ),
        fc.option(text(1024), { nil: undefined, freq: 3 }),
        // Rancher keys have no expiry of their own: a future date is Keyward's to enforce.
        fc.oneof(
          { weight: 4, arbitrary: fc.constant(undefined) },
          {
            weight: 1,
            arbitrary: fc.date({
              min: new Date(Date.now() + 3_600_000),
              max: new Date(Date.now() + 400 * 86_400_000),
              noInvalidDate: true,
            }),
          },
        ),
        fc.oneof(
          { weight: 4, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.constantFrom("", "standard", "advanced") },
        ),
        async (name, scope, description, expiresAt, securityLevel) => {
          const request: MintRequest = {
            name,
            scope,
            expiresAt,
            securityLevel,
            fields: description === undefined ? {} : { description },
          };
          const adapterAccepts = Object.keys(fieldErrors(request)).length === 0;

          // What the emulator says to the body the adapter would send; several or no environments cannot be sent at all.
          let emulatorAccepts = false;
          if (scope.length === 1) {
            const body = {
              type: "apikey",
              accountId: scope[0],
              name: name.trim(),
              ...(description?.trim() ? { description: description.trim() } : {}),
            };
            const res = await bed.raw(
              "POST",
              `/v2-beta/projects/${encodeURIComponent(scope[0]!)}/apikeys`,
              undefined,
              body,
            );
            emulatorAccepts = res.status === 201;
          }
          if (!emulatorAccepts) expect(adapterAccepts).toBe(false);
          if (adapterAccepts) {
            expect(emulatorAccepts).toBe(true);
            const minted = await rancherAdapter.mint(bed.connection(), request);
            expect(minted.meta.environmentId).toBe(scope[0]);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
