import { describe, expect, it } from "vitest";
import { scopeText } from "./scope-text";

describe("scopeText", () => {
  it("names each scope id the vendor named at issue time, and falls back to the id", () => {
    expect(scopeText(["2"], { "2": "Auditor" })).toBe("Auditor (2)");
    expect(scopeText(["1a5", "c-9"], { "1a5": "Default" })).toBe("Default (1a5), c-9");
    expect(scopeText(["api-readonly"], null)).toBe("api-readonly");
  });
});
