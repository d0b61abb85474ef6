import { describe, expect, it } from "vitest";
import { findUnstorableParam, findUnstorableText, textProblem } from "./text";

describe("the text rule", () => {
  it("accepts ordinary text, emoji and every plane", () => {
    for (const ok of ["", "plain", "Grüße", "鍵", "🔑 key", "tab\tand\nnewline", "\uD83D\uDD11"])
      expect(textProblem(ok)).toBeNull();
  });

  it("refuses a NUL character anywhere", () => {
    expect(textProblem("a\u0000b")).toMatch(/NUL/);
    expect(textProblem("\u0000")).toMatch(/NUL/);
  });

  it("refuses lone surrogates, high or low, at either end or in the middle", () => {
    for (const bad of ["\uD800", "x\uD83D", "\uDC00x", "a\uDD11b", "\uDD11\uD83D"])
      expect(textProblem(bad)).toMatch(/surrogate/);
  });

  it("names the field, however deep, keys included", () => {
    expect(findUnstorableText({ name: "ok", grants: [{ roles: ["a", "b\u0000"] }] })?.field).toBe("grants.0.roles.1");
    expect(findUnstorableText({ fields: { "tag\uD800": "x" } })?.field).toBe("fields.tag\uD800");
    expect(findUnstorableText("\u0000")?.field).toBe("body");
    expect(findUnstorableText({ n: 1, b: true, z: null, list: [] })).toBeNull();
  });

  it("checks query parameter names and values", () => {
    expect(findUnstorableParam(new URLSearchParams("q=%00&status=active").entries())?.field).toBe("q");
    expect(findUnstorableParam([["a\u0000", "x"]])?.field).toBe("a\u0000");
    expect(findUnstorableParam(new URLSearchParams("q=key&vendor=panos").entries())).toBeNull();
  });
});
