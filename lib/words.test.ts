import { describe, expect, it } from "vitest";
import { mintInputErrors } from "@/lib/keys/mint-checks";
import { xsiamAdapter } from "@/lib/vendors/xsiam/adapter";
import { rancherCapabilities } from "@/lib/vendors/rancher/capabilities";
import { plural, scopeWords, withArticle } from "./words";

const body = { connectionId: "c", name: "ci", scope: [], fields: {} };

describe("words", () => {
  it("counts in English: one key, no key(s)", () => {
    expect(plural(1, "key")).toBe("1 key");
    expect(plural(0, "key")).toBe("0 keys");
    expect(plural(3, "live key")).toBe("3 live keys");
    expect(withArticle("environment")).toBe("an environment");
    expect(withArticle("role")).toBe("a role");
  });

  it("names a scope in running text even where the vendor's label is plural", () => {
    expect(scopeWords(xsiamAdapter.capabilities.scope)).toEqual({ one: "role", many: "roles" });
    expect(scopeWords(rancherCapabilities.scope)).toEqual({ one: "environment", many: "environments" });
    expect(mintInputErrors(xsiamAdapter.capabilities, body).scope).toBe("Choose at least one role.");
    expect(mintInputErrors(rancherCapabilities, body).scope).toBe("Choose an environment.");
  });
});
