import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { vendorRequest } from "../http";
import type { MintRequest } from "../types";
import { xsiamAdapter } from "./adapter";
import { authHeaders } from "./auth";
import { MAIN_TENANT, SEEDED_KEYS, SEEDED_ROLES } from "@/emulators/xsiam/seed";
import { maxExpiryMs, vendorComment } from "./limits";
import { DAY_MS, startTestBed, type XsiamTestBed } from "@/emulators/xsiam/test-support";
import { validateXsiamMintRequest } from "./validation";

/**
 * The adapter's validation and the emulator agree: whatever the adapter accepts the emulator
 * accepts, and whatever the emulator would refuse the adapter refuses first, without a call.
 */

let bed: XsiamTestBed;
beforeAll(async () => {
  bed = await startTestBed();
});
afterAll(() => bed.emulator.close());

const ROLE_NAMES = SEEDED_ROLES.map((r) => r.prettyName);
const HOUR = 60 * 60 * 1000;

const expiryKinds = {
  never: () => undefined,
  past: (now: number) => now - HOUR,
  tooSoon: (now: number) => now + 10 * 60 * 1000,
  inRange: (now: number, f: number) => now + 2 * HOUR + Math.floor(f * (maxExpiryMs(now) - now - 3 * HOUR)),
  atMax: (now: number) => maxExpiryMs(now),
  justOverMax: (now: number) => maxExpiryMs(now) + 1000,
  dayOverMax: (now: number) => maxExpiryMs(now) + DAY_MS,
  seconds: (now: number) => Math.floor(now / 1000) + 7 * 86400,
} as const;

/** Each field valid three times in four, so a fair share of whole requests is valid. */
const mostly = <T>(valid: fc.Arbitrary<T>, any: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: any, weight: 1 });

const sample = fc.record({
  name: mostly(
    fc.stringMatching(/^[a-z][a-z0-9 -]{0,49}$/),
    fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom("", "   ", "n".repeat(51), "tab\tname")),
  ),
  roles: mostly(
    fc.subarray(ROLE_NAMES, { minLength: 1 }),
    fc.oneof(fc.subarray([...ROLE_NAMES, "Ghost", " "]), fc.constant<string[]>(["Viewer", "Viewer"])),
  ),
  level: mostly(fc.constantFrom("standard", "advanced"), fc.constantFrom("paranoid", undefined)),
  expiry: mostly(
    fc.constantFrom<keyof typeof expiryKinds>("inRange", "atMax"),
    fc.constantFrom<keyof typeof expiryKinds>("never", "past", "tooSoon", "justOverMax", "dayOverMax", "seconds"),
  ),
  fraction: fc.double({ min: 0, max: 1, noNaN: true }),
  comment: mostly(
    fc.string({ maxLength: 200 }).map((c) => c.replace(/[\u0000-\u001F\u007F]/g, "")),
    fc.oneof(fc.string({ maxLength: 210 }), fc.constantFrom("c".repeat(201), "line\nbreak")),
  ),
});

type Sample = typeof sample extends fc.Arbitrary<infer T> ? T : never;

function toRequest(s: Sample, now: number): MintRequest {
  const expiry = expiryKinds[s.expiry](now, s.fraction);
  return {
    name: s.name,
    scope: s.roles,
    securityLevel: s.level,
    expiresAt: expiry === undefined ? undefined : new Date(expiry),
    fields: { comment: s.comment },
  };
}

/** The same request sent straight to the emulator, as the adapter would word it, with no validation. */
async function emulatorAccepts(req: MintRequest): Promise<boolean> {
  const conn = bed.standardConnection();
  const body = JSON.stringify({
    request_data: {
      roles: req.scope,
      security_level: req.securityLevel,
      expiration: req.expiresAt?.getTime(),
      comment: vendorComment(req.name, req.fields.comment),
    },
  });
  const creds = {
    keyId: String(SEEDED_KEYS.standardAdmin.id),
    apiKey: SEEDED_KEYS.standardAdmin.key,
    level: "standard" as const,
  };
  const res = await vendorRequest(conn, {
    method: "POST",
    path: "/public_api/v1/api_keys/generate",
    headers: { "content-type": "application/json", ...authHeaders(creds) },
    body,
  });
  return res.status === 200;
}

describe("adapter validation vs emulator", () => {
  it("never accepts what the emulator refuses, and mints whatever it accepts", async () => {
    await fc.assert(
      fc.asyncProperty(sample, async (s) => {
        const now = Date.now();
        const req = toRequest(s, now);
        let adapterAccepts = true;
        try {
          validateXsiamMintRequest(req, { now: new Date(now), knownRoles: ROLE_NAMES });
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          expect((err as AppError).status).toBe(422);
          adapterAccepts = false;
        }
        const emulatorOk = await emulatorAccepts(req);
        if (!emulatorOk) expect(adapterAccepts).toBe(false);

        const before = bed.emulator.inspect()[MAIN_TENANT]!.keys;
        const minted = await xsiamAdapter.mint(bed.standardConnection(), req).then(
          () => true,
          (err: unknown) => {
            // A 422: refused by validation before the call, or an unknown role refused by XSIAM (mint does not pre-fetch roles).
            if (!(err instanceof AppError) || err.status !== 422) throw err;
            return false;
          },
        );
        expect(minted).toBe(adapterAccepts);
        if (!adapterAccepts) expect(bed.emulator.inspect()[MAIN_TENANT]!.keys).toBe(before);
      }),
      {
        numRuns: 25,
        // Always exercised, whatever the random draw: the exact six-month bound, one second past it, an unknown role.
        examples: [
          [{ name: "at the bound", roles: ["Viewer"], level: "advanced", expiry: "atMax", fraction: 0, comment: "" }],
          [
            {
              name: "past the bound",
              roles: ["Viewer"],
              level: "standard",
              expiry: "justOverMax",
              fraction: 0,
              comment: "",
            },
          ],
          [{ name: "ghost role", roles: ["Ghost"], level: "standard", expiry: "inRange", fraction: 0.5, comment: "" }],
        ],
      },
    );
  });
});
