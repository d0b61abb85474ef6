import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { MintRequest } from "../types";
import { addUtcMonths, maxExpiryMs } from "./limits";
import { validateXsiamMintRequest } from "./validation";

const now = new Date("2025-08-31T10:00:00.000Z");
const DAY = 24 * 60 * 60 * 1000;
const request = (over: Partial<MintRequest> = {}): MintRequest => ({
  name: "siem-export",
  scope: ["Investigator"],
  securityLevel: "advanced",
  expiresAt: new Date(now.getTime() + 7 * DAY),
  fields: {},
  ...over,
});

function fieldErrors(req: MintRequest, knownRoles?: string[]): Record<string, string> {
  try {
    validateXsiamMintRequest(req, { now, knownRoles });
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(422);
    return (err as AppError).fields ?? {};
  }
  return {};
}

describe("validateXsiamMintRequest", () => {
  it("turns a valid request into the vendor's terms, the name leading the comment", () => {
    const out = validateXsiamMintRequest(request({ fields: { comment: " nightly job " } }), { now });
    expect(out).toEqual({
      roles: ["Investigator"],
      securityLevel: "advanced",
      expiration: now.getTime() + 7 * DAY,
      comment: "siem-export — nightly job",
    });
  });

  it("bounds the expiry at exactly six calendar months, clamped to the month's end", () => {
    expect(new Date(maxExpiryMs(now.getTime())).toISOString()).toBe("2026-02-28T10:00:00.000Z");
    expect(new Date(addUtcMonths(Date.parse("2025-01-15T00:00:00Z"), 6)).toISOString()).toBe(
      "2025-07-15T00:00:00.000Z",
    );
    expect(fieldErrors(request({ expiresAt: new Date(maxExpiryMs(now.getTime())) }))).toEqual({});
    expect(fieldErrors(request({ expiresAt: new Date(maxExpiryMs(now.getTime()) + 1) })).expiresAt).toContain(
      "2026-02-28T10:00:00Z",
    );
  });

  it("requires an expiry in the future, since XSIAM has no never-expiring keys", () => {
    expect(fieldErrors(request({ expiresAt: undefined })).expiresAt).toContain("six months");
    expect(fieldErrors(request({ expiresAt: new Date(now.getTime() - 1000) })).expiresAt).toContain("one hour");
    expect(fieldErrors(request({ expiresAt: new Date("nonsense") })).expiresAt).toBeDefined();
  });

  it("names each wrong field", () => {
    const errors = fieldErrors(
      request({ name: " ", scope: [], securityLevel: "paranoid", fields: { comment: "x".repeat(201) } }),
    );
    expect(Object.keys(errors).sort()).toEqual(["comment", "name", "scope", "securityLevel"]);
    expect(fieldErrors(request({ name: "n".repeat(51) })).name).toContain("50");
    expect(fieldErrors(request({ scope: ["Viewer", "Viewer"] })).scope).toContain("twice");
  });

  it("refuses roles the tenant does not have when the caller knows the tenant's roles", () => {
    expect(fieldErrors(request({ scope: ["Ghost"] }), ["Viewer", "Investigator"]).scope).toContain('"Ghost"');
    expect(fieldErrors(request({ scope: ["Ghost"] }))).toEqual({});
  });
});
