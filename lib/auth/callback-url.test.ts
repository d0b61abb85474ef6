import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-url";

const CONSOLE = "https://keyward.example.com";

describe("safeCallbackPath", () => {
  it("keeps the console's own paths, with their query and fragment", () => {
    expect(safeCallbackPath("/keys?status=active#top", CONSOLE)).toBe("/keys?status=active#top");
    expect(safeCallbackPath("/invite/abc", CONSOLE)).toBe("/invite/abc");
    expect(safeCallbackPath(`${CONSOLE}/audit`, CONSOLE)).toBe("/audit");
  });

  it.each([
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "/\t/evil.example/",
    "/\n/evil.example/",
    " //evil.example",
    "https://evil.example/",
    "http://keyward.example.com/", // same host, other scheme: another origin
    "https://keyward.example.com.evil.example/",
    "javascript:alert(1)",
    "data:text/html,hi",
    "https://keyward.example.com//evil.example",
  ])("sends %j to the console's home", (raw) => {
    const path = safeCallbackPath(raw, CONSOLE);
    expect(path).toBe("/");
    // Whatever comes back stays on the console when a browser resolves it.
    expect(new URL(path, CONSOLE).origin).toBe(CONSOLE);
  });

  it("goes home without a callback", () => {
    expect(safeCallbackPath(undefined, CONSOLE)).toBe("/");
    expect(safeCallbackPath(["/a", "/b"], CONSOLE)).toBe("/");
  });
});
