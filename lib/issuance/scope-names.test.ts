import { describe, expect, it } from "vitest";
import type { VendorAdapter, VendorConnection, VendorRole } from "@/lib/vendors/types";
import { trendCapabilities } from "@/lib/vendors/trend/capabilities";
import { expeditionCapabilities } from "@/lib/vendors/expedition/capabilities";
import { scopeNamesOf } from "./scope-names";

// What a key keeps of the vendor's names for its scope, from the list the issue form offered.

const conn = {} as VendorConnection;
const adapter = (list: () => Promise<VendorRole[]>, capabilities = trendCapabilities) =>
  ({ capabilities, listRoles: list }) as unknown as VendorAdapter;

describe("scopeNamesOf", () => {
  it("keeps the vendor's name of each chosen id, and only the chosen ones", async () => {
    const trend = adapter(async () => [
      { id: "1", name: "Full Access" },
      { id: "2", name: "Auditor" },
    ]);
    expect(await scopeNamesOf(trend, conn, ["2"])).toEqual({ "2": "Auditor" });
  });

  it("keeps nothing where names are the ids, the list fails, or there is no scope", async () => {
    expect(
      await scopeNamesOf(
        adapter(async () => [{ id: "api-readonly", name: "api-readonly" }]),
        conn,
        ["api-readonly"],
      ),
    ).toBeNull();
    expect(
      await scopeNamesOf(
        adapter(async () => {
          throw new Error("HTTP 503");
        }),
        conn,
        ["2"],
      ),
    ).toBeNull();
    let asked = false;
    const none = adapter(async () => ((asked = true), []), expeditionCapabilities);
    expect(await scopeNamesOf(none, conn, [])).toBeNull();
    expect(asked).toBe(false);
  });
});
