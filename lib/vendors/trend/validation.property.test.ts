import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { MintRequest } from "../types";
import { trendAdapter, validateTrendMintRequest } from "./adapter";
import { startTrendFixture, type TrendFixture } from "@/emulators/trend/test-support";

/**
 * The adapter's own validation and the emulator's rules agree: whatever the adapter accepts,
 * the manager accepts (the key is really created); whatever the manager would refuse, the
 * adapter refuses first, with field errors the form can show.
 */

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;
const FIELD_NAMES = ["name", "scope", "securityLevel", "expiresAt", "description", "locale", "timeZone"];

let fx: TrendFixture;
let knownRoleIds: string[];
beforeAll(async () => {
  fx = await startTrendFixture({ rateLimitPerMinute: 100_000 });
  knownRoleIds = (await trendAdapter.listRoles(fx.conn())).map((r) => r.id);
});
afterAll(() => fx.emulator.close());

// Each input is valid most of the time, so that a good share of runs really mint a key.
const mostly = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: invalid, weight: 1 });
const nameArb = mostly(
  fc.oneof(
    fc.string({ minLength: 1, maxLength: 30 }),
    fc.integer({ min: 250, max: 255 }).map((n) => "k".repeat(n)),
    fc.constant(" padded "),
  ),
  fc.oneof(
    fc.integer({ min: 256, max: 260 }).map((n) => "k".repeat(n)),
    fc.constantFrom("", "   ", "tab\tname"),
  ),
);
const scopeArb = mostly(
  fc.constantFrom<string[]>(["1"], ["2"], ["3"]),
  fc.constantFrom<string[]>(["99"], ["abc"], [""], [], ["1", "2"]),
);
const expiryArb = mostly(
  fc.oneof(
    fc.constantFrom(undefined, 61 * MINUTE, DAY, 90 * DAY, 365 * DAY),
    fc.integer({ min: 2 * 60 * MINUTE, max: 365 * DAY }),
  ),
  fc.oneof(
    fc.constantFrom(-DAY, -1, 0, 59 * MINUTE, 365 * DAY + MINUTE, 400 * DAY),
    fc.integer({ min: -2 * DAY, max: 59 * MINUTE }),
  ),
);
const localeArb = mostly(fc.constantFrom(undefined, "en-US", "ja-JP", ""), fc.constantFrom("fr-FR", "en-us"));
const zoneArb = mostly(
  fc.constantFrom(undefined, "UTC", "Asia/Tokyo", "America/New_York", "Etc/GMT+5", ""),
  fc.constantFrom("Mars/Olympus", "Tokyo"),
);

/** What a client that skipped the adapter's checks would send for the same request. */
function rawBody(req: MintRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { keyName: req.name };
  if (req.scope.length === 1) body.roleID = /^\d+$/.test(req.scope[0]!) ? Number(req.scope[0]) : req.scope[0];
  else if (req.scope.length > 1) body.roleID = req.scope;
  if (req.expiresAt) body.expiryDate = req.expiresAt.getTime();
  if (req.fields.locale) body.locale = req.fields.locale;
  if (req.fields.timeZone) body.timeZone = req.fields.timeZone;
  return body;
}

describe("adapter validation vs emulator", () => {
  it("accepts only what the manager accepts, and refuses first what it refuses", async () => {
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        nameArb,
        scopeArb,
        expiryArb,
        localeArb,
        zoneArb,
        async (name, scope, offset, locale, timeZone) => {
          const now = Date.now();
          const fields: Record<string, string> = {};
          if (locale !== undefined) fields.locale = locale;
          if (timeZone !== undefined) fields.timeZone = timeZone;
          const req: MintRequest = {
            name,
            scope,
            expiresAt: offset === undefined ? undefined : new Date(now + offset),
            fields,
          };

          let adapterOk = true;
          try {
            validateTrendMintRequest(req, { now, knownRoleIds });
          } catch (err) {
            adapterOk = false;
            expect(err).toBeInstanceOf(AppError);
            expect((err as AppError).status).toBe(422);
            expect(Object.keys((err as AppError).fields ?? {}).every((f) => FIELD_NAMES.includes(f))).toBe(true);
          }

          const raw = await fx.raw("POST", "/api/apikeys", undefined, rawBody(req));
          const emulatorOk = raw.status === 200;
          expect([200, 400]).toContain(raw.status);

          seen[adapterOk ? "accepted" : "refused"] += 1;
          if (!emulatorOk) expect(adapterOk).toBe(false);
          if (adapterOk) {
            expect(emulatorOk).toBe(true);
            const minted = await trendAdapter.mint(fx.conn(), req);
            expect(minted.vendorKeyId).toMatch(/^\d+$/);
            expect(minted.meta.keyName).toBe(name.trim());
          }
        },
      ),
      { numRuns: 25 },
    );
    // Both sides of the property were exercised (each has a far above 99.9 % chance per run set).
    expect(seen.accepted).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });

  it("holds the expiry bounds exactly: one year is fine, a minute more is not", () => {
    const now = Date.UTC(2030, 0, 1);
    const at = (ms: number): MintRequest => ({ name: "k", scope: ["2"], expiresAt: new Date(now + ms), fields: {} });
    expect(validateTrendMintRequest(at(365 * DAY), { now }).expiryDate).toBe(now + 365 * DAY);
    expect(validateTrendMintRequest(at(60 * MINUTE), { now }).expiryDate).toBe(now + 60 * MINUTE);
    expect(() => validateTrendMintRequest(at(365 * DAY + MINUTE), { now })).toThrow(AppError);
    expect(() => validateTrendMintRequest(at(59 * MINUTE), { now })).toThrow(AppError);
    expect(validateTrendMintRequest({ ...at(0), expiresAt: undefined }, { now })).not.toHaveProperty("expiryDate");
  });
});
