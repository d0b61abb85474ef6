import { describe, expect, it } from "vitest";
import { adapterFor } from "@/lib/vendors/registry";
import { defaultGrants, grantErrors, grantNamesSomething } from "./grant-checks";
import { entitlement, evaluateRequest, roleEntitlement, type Grant } from "./evaluate";

// Policy evaluation on XSIAM, the vendor with roles, security levels and a lifetime picker.
const caps = adapterFor("xsiam")!.capabilities;
const DAY = 86_400_000;
const now = new Date("2026-01-01T00:00:00Z");
const inDays = (d: number) => new Date(now.getTime() + d * DAY).toISOString();
const grant = (over: Partial<Grant>): Grant => ({
  id: "g",
  teamRole: "member",
  scopes: [],
  anyScope: false,
  ownAccount: false,
  securityLevels: [],
  defaultDays: null,
  maxDays: null,
  allowNever: false,
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
        [grant({ anyScope: true, maxDays: 7 })],
        "member",
        { scope: [], securityLevel: level, expiresAt: inDays(8) },
        now,
      ),
    ).toMatchObject({ ok: false, reason: expect.stringContaining("7 days") });
    expect(
      evaluateRequest(
        caps,
        [grant({ anyScope: true, securityLevels: [level] })],
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

const vendor = (id: string) => adapterFor(id)!.capabilities;
const VENDORS = ["panos", "expedition", "xsiam", "trend", "rancher"] as const;
/** A request each vendor's form could send with a dated expiry (none on Expedition, which fixes it). */
const datedRequest = (id: (typeof VENDORS)[number], days: number) => ({
  scope: id === "expedition" ? [] : ["some-role"],
  securityLevel: vendor(id).securityLevels[0]?.value,
  expiresAt: id === "expedition" ? undefined : inDays(days),
});

describe("least privilege by default", () => {
  it("refuses a key of the connection's own account unless a grant names it", () => {
    const panos = vendor("panos");
    const own = { scope: [], expiresAt: inDays(5) };
    const any = grant({ anyScope: true, requiresApproval: false });
    expect(evaluateRequest(panos, [any], "member", own, now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("own account"),
    });
    expect(evaluateRequest(panos, [{ ...any, ownAccount: true }], "member", own, now)).toMatchObject({ ok: true });
    // A named profile is a key of its own: no own-account grant needed.
    expect(evaluateRequest(panos, [any], "member", { ...own, scope: ["api-readonly"] }, now)).toMatchObject({
      ok: true,
    });

    const expedition = vendor("expedition");
    expect(evaluateRequest(expedition, [grant({})], "member", { scope: [] }, now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("own account"),
    });
    expect(evaluateRequest(expedition, [grant({ ownAccount: true })], "member", { scope: [] }, now)).toMatchObject({
      ok: true,
    });
    // The request form offers the choice only where it is granted.
    expect(roleEntitlement(panos, [any], "member")).toMatchObject({ ownAccount: false });
    expect(roleEntitlement(panos, [{ ...any, ownAccount: true }], "member")).toMatchObject({ ownAccount: true });
  });

  it.each(VENDORS)("a new %s connection's grants name nothing: every request is refused", (id) => {
    const caps = vendor(id);
    const defaults = defaultGrants(caps).map((g, i) => ({ ...g, id: `d${i}` }));
    for (const g of defaults) {
      expect(g).toMatchObject({ scopes: [], anyScope: false, ownAccount: false, allowNever: false });
      expect(grantNamesSomething(caps, g)).toBe(false);
    }
    const admin = id === "xsiam" ? ["Instance Administrator"] : id === "trend" ? ["1"] : ["admin"];
    for (const role of ["admin", "member"] as const) {
      for (const scope of id === "expedition" ? [[]] : [[], admin]) {
        expect(evaluateRequest(caps, defaults, role, { ...datedRequest(id, 5), scope }, now)).toMatchObject({
          ok: false,
        });
      }
    }
    expect(grantErrors(caps, defaultGrants(caps))).toEqual({});
  });

  it("names the policy editor when a grant names no role yet", () => {
    expect(
      evaluateRequest(caps, [grant({})], "member", { scope: ["Viewer"], expiresAt: inDays(1) }, now),
    ).toMatchObject({ ok: false, reason: expect.stringContaining("an admin picks them") });
  });
});

describe("expiry by policy", () => {
  it.each(["panos", "trend", "rancher"] as const)("refuses “never” on %s unless the grant allows it", (id) => {
    const c = vendor(id);
    const never = { ...datedRequest(id, 5), expiresAt: null };
    const absent = { ...datedRequest(id, 5), expiresAt: undefined };
    const g = grant({ anyScope: true });
    expect(evaluateRequest(c, [g], "member", never, now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("must expire"),
    });
    // A form that sends no date at all asks for "never" too.
    expect(evaluateRequest(c, [g], "member", absent, now)).toMatchObject({ ok: false });
    expect(entitlement(c, g).allowNever).toBe(false);
    expect(evaluateRequest(c, [{ ...g, allowNever: true }], "member", never, now)).toMatchObject({ ok: true });
    expect(entitlement(c, { ...g, allowNever: true }).allowNever).toBe(true);
    expect(grantErrors(c, [{ ...g, allowNever: true, maxDays: 30 }])).toHaveProperty(["grants.0.allowNever"]);
  });

  it("refuses a grant allowing “never” where the vendor always expires keys", () => {
    expect(grantErrors(vendor("expedition"), [grant({ ownAccount: true, allowNever: true })])).toHaveProperty([
      "grants.0.allowNever",
    ]);
  });

  it.each(VENDORS)("applies the policy's maximum lifetime on %s", (id) => {
    const c = vendor(id);
    const g = grant({ anyScope: id !== "expedition", ownAccount: id === "expedition", maxDays: 14 });
    expect(grantErrors(c, [g])).toEqual({});
    if (id === "expedition") {
      // Expedition fixes a month (extended on every login): a 14-day policy cannot be honoured, so it refuses.
      expect(evaluateRequest(c, [g], "member", datedRequest(id, 0), now)).toMatchObject({
        ok: false,
        reason: expect.stringContaining("14 days"),
      });
      expect(evaluateRequest(c, [{ ...g, maxDays: 31 }], "member", datedRequest(id, 0), now)).toMatchObject({
        ok: true,
      });
      return;
    }
    expect(evaluateRequest(c, [g], "member", datedRequest(id, 14), now)).toMatchObject({ ok: true });
    expect(evaluateRequest(c, [g], "member", datedRequest(id, 15), now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("14 days"),
    });
  });
});
