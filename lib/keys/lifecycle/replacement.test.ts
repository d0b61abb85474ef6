import { describe, expect, it } from "vitest";
import { trendCapabilities } from "@/lib/vendors/trend/capabilities";
import { rancherCapabilities } from "@/lib/vendors/rancher/capabilities";
import { expeditionCapabilities } from "@/lib/vendors/expedition/capabilities";
import { mintInputErrors } from "../mint-checks";
import { replacementBody } from "./replacement";
import type { KeyRow } from "./context";

// The replacement of a rotated key: same scope and security level, same lifetime counted from now.

const DAY = 86_400_000;
const now = new Date("2026-11-23T12:00:00Z");
const old = (over: Partial<KeyRow>): KeyRow => ({
  id: "k",
  teamId: "t",
  connectionId: "c",
  vendor: "trend",
  name: "nightly",
  vendorKeyId: "7",
  publicId: "7",
  scope: ["2"],
  scopeNames: null,
  securityLevel: null,
  status: "active",
  fingerprint: "f",
  lastFour: "abcd",
  meta: {},
  issuedBy: "u",
  approvedBy: null,
  requestId: null,
  reason: null,
  issuedAt: new Date(now.getTime() - 10 * DAY),
  expiresAt: null,
  revokedAt: null,
  replacedByKeyId: null,
  retireAt: null,
  retireByHand: false,
  lastSeenAt: null,
  lastUsedAt: null,
  deliveredAt: null,
  undeliveredAt: null,
  ...over,
});

describe("replacementBody", () => {
  it("keeps the old key's lifetime span, counted from now", () => {
    const body = replacementBody(trendCapabilities, old({ expiresAt: new Date(now.getTime() + 20 * DAY) }), now);
    expect(body).toMatchObject({ connectionId: "c", name: "nightly", scope: ["2"] });
    expect(new Date(body.expiresAt!).getTime()).toBe(now.getTime() + 30 * DAY);
    expect(mintInputErrors(trendCapabilities, body, now)).toEqual({});
  });

  it('keeps "never" where the vendor allows it, and carries issue fields kept in meta', () => {
    const body = replacementBody(trendCapabilities, old({ meta: { locale: "ja-JP", keyName: "nightly" } }), now);
    expect(body.expiresAt).toBeNull();
    expect(body.fields.locale).toBe("ja-JP");
    expect(body.fields).not.toHaveProperty("keyName");
  });

  it("sends no expiry to a vendor that fixes it", () => {
    const body = replacementBody(expeditionCapabilities, old({ vendor: "expedition", scope: [] }), now);
    expect(body.expiresAt).toBeUndefined();
    expect(mintInputErrors(expeditionCapabilities, body, now)).toEqual({});
  });

  it("keeps a Keyward-enforced lifetime (Rancher has none of its own) and the description", () => {
    const body = replacementBody(
      rancherCapabilities,
      old({
        vendor: "rancher",
        scope: ["1a5"],
        meta: { description: "ci" },
        expiresAt: new Date(now.getTime() + 20 * DAY),
      }),
      now,
    );
    expect(new Date(body.expiresAt!).getTime()).toBe(now.getTime() + 30 * DAY);
    expect(body.fields).toEqual({ description: "ci" });
    expect(mintInputErrors(rancherCapabilities, body, now)).toEqual({});
  });
});
