import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sealData } from "iron-session";
import { readSudoStamp, SUDO_WINDOW_MS } from "./sudo";

// The sudo stamp reader answers what iron-session's getIronSession reads from the cookie, also when it answers from its cache.

process.env.KEYWARD_SECRET ??= "keyward-test-secret-0123456789-abcdefghij";
const password = () =>
  createHash("sha256").update("keyward/sudo/").update(process.env.KEYWARD_SECRET!).digest("base64url");
const seal = (data: object, over: { password?: string; ttl?: number } = {}) =>
  sealData(data, { password: over.password ?? password(), ttl: over.ttl ?? SUDO_WINDOW_MS / 1000 });

describe("readSudoStamp", () => {
  it("opens a stamp, and the same stamp again (from the cache) identically", async () => {
    const stamp = { userId: "u-1", confirmedAt: Date.now() };
    const sealed = await seal(stamp);
    expect(await readSudoStamp(sealed)).toEqual(stamp);
    expect(await readSudoStamp(sealed)).toEqual(stamp);
  });

  it("answers an empty stamp for no cookie, garbage, another secret or an expired seal", async () => {
    expect(await readSudoStamp(undefined)).toEqual({});
    expect(await readSudoStamp("")).toEqual({});
    expect(await readSudoStamp("garbage")).toEqual({});
    expect(
      await readSudoStamp(
        await seal(
          { userId: "u-2", confirmedAt: Date.now() },
          { password: "another-password-that-is-long-enough-0123" },
        ),
      ),
    ).toEqual({});
    // iron's ttl is at least a minute past its 60 s clock skew: sealed with a ttl of -61 s it is expired.
    expect(await readSudoStamp(await seal({ userId: "u-3", confirmedAt: Date.now() }, { ttl: -61 }))).toEqual({});
  });

  it("refuses a stamp altered by one character, even after the original was cached", async () => {
    const sealed = await seal({ userId: "u-4", confirmedAt: Date.now() });
    await readSudoStamp(sealed);
    const at = sealed.indexOf("*", 20) + 3;
    const altered = sealed.slice(0, at) + (sealed[at] === "A" ? "B" : "A") + sealed.slice(at + 1);
    expect(await readSudoStamp(altered)).toEqual({});
  });
});
