import { describe, expect, it } from "vitest";
import { adapterFor } from "@/lib/vendors/registry";
import { defaultGrants, grantErrors } from "./grant-input";
import { entitlement, evaluateRequest, type Grant } from "./evaluate";

// Policy evaluation on XSIAM, the vendor with roles, security levels and a lifetime picker.
const caps = adapterFor("xsiam")!.capabilities;
const DAY = 86_400_000;
const now = new Date("2026-01-01T00:00:00Z");
const inDays = (d: number) => new Date(now.getTime() + d * DAY).toISOString();
const grant = (over: Partial<Grant>): Grant => ({
  id: "g",
  teamRole: "member",
  scopes: [],
  securityLevels: [],
  defaultDays: null,
  maxDays: null,
  requiresApproval: true,
  ...over,
});

describe("policy evaluation", () => {
  it("bounds lifetimes by the grant and never above the vendor", () => {
    const picker = caps.expiry.kind === "picker" ? caps.expiry : null;
    expect(entitlement(caps, grant({ maxDays: 30 }))).toMatchObject({ maxDays: 30, allowNever: false });
    expect(entitlement(caps, grant({})).maxDays).toBe(picker!.maxDays);
    expect(grantErrors(caps, [grant({ maxDays: picker!.maxDays + 1 })])).toHaveProperty(["grants.0.maxDays"]);
    expect(grantErrors(caps, [grant({ maxDays: 10, defaultDays: 20 })])).toHaveProperty(["grants.0.defaultDays"]);
    expect(grantErrors(caps, defaultGrants(caps))).toEqual({});
  });

  it("picks an auto-approving grant over one that needs approval, and explains refusals", () => {
    const level = caps.securityLevels[0]!.value;
    const grants = [
      grant({ id: "slow", scopes: ["a", "b"] }),
      grant({ id: "fast", scopes: ["a"], maxDays: 7, requiresApproval: false }),
    ];
    expect(
      evaluateRequest(caps, grants, "member", { scope: ["a"], securityLevel: level, expiresAt: inDays(5) }, now),
    ).toMatchObject({ ok: true, grant: { id: "fast" } });
    expect(
      evaluateRequest(caps, grants, "member", { scope: ["a"], securityLevel: level, expiresAt: inDays(20) }, now),
    ).toMatchObject({ ok: true, grant: { id: "slow" } });
    expect(
      evaluateRequest(caps, grants, "member", { scope: ["c"], securityLevel: level, expiresAt: inDays(5) }, now),
    ).toMatchObject({ ok: false, reason: expect.stringContaining("c") });
    expect(
      evaluateRequest(
        caps,
        [grant({ maxDays: 7 })],
        "member",
        { scope: [], securityLevel: level, expiresAt: inDays(8) },
        now,
      ),
    ).toMatchObject({ ok: false, reason: expect.stringContaining("7 days") });
    expect(
      evaluateRequest(
        caps,
        [grant({ securityLevels: [level] })],
        "member",
        { scope: [], securityLevel: "other", expiresAt: inDays(1) },
        now,
      ),
    ).toMatchObject({ ok: false });
    expect(evaluateRequest(caps, grants, "auditor", { scope: [], expiresAt: inDays(1) }, now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("auditor"),
    });
  });
});
