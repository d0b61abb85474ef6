import { describe, expect, it } from "vitest";
import { KNOWN_AUDIT_ACTIONS } from "./filter";
import { actionLabel, auditTargetHref } from "./action-labels";

describe("audit action labels", () => {
  it("puts every action the viewer offers into words, and shows an unknown code as itself", () => {
    for (const action of KNOWN_AUDIT_ACTIONS) expect(actionLabel(action)).not.toBe(action);
    expect(actionLabel("key.issue")).toBe("Key issued");
    expect(actionLabel("vendor.future_thing")).toBe("vendor.future_thing");
  });

  it("links each target to where the console shows it", () => {
    expect(auditTargetHref("key", "k1")).toBe("/keys/k1");
    expect(auditTargetHref("connection", "c1")).toBe("/connections/c1");
    expect(auditTargetHref("request", "r1")).toBe("/audit?targetType=request&targetId=r1");
    expect(auditTargetHref("user", "u1")).toBe("/team");
    expect(auditTargetHref("key", null)).toBeNull();
    expect(auditTargetHref("vendor", "x")).toBeNull();
  });
});
