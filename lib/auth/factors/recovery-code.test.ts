import { describe, expect, it } from "vitest";
import { newRecoveryCode, normalRecoveryCode, recoveryCodeHash } from "./recovery-code";

describe("recovery codes", () => {
  it("are four groups of four characters that cannot be misread, all different", () => {
    const codes = Array.from({ length: 200 }, newRecoveryCode);
    for (const c of codes) expect(c).toMatch(/^[a-hj-km-np-z2-9]{4}(-[a-hj-km-np-z2-9]{4}){3}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("are read back whatever the case, spaces or dashes", () => {
    const code = newRecoveryCode();
    const typed = ` ${code.toUpperCase().replace(/-/g, " ")} `;
    expect(normalRecoveryCode(typed)).toBe(code.replace(/-/g, ""));
    expect(normalRecoveryCode("abcd-efgh")).toBeNull();
    expect(normalRecoveryCode("0000-1111-oooo-llll")).toBeNull();
  });

  it("are stored as a keyed hash: the same code and secret give the same hash, another secret another", () => {
    const code = normalRecoveryCode(newRecoveryCode())!;
    const hash = recoveryCodeHash("secret-one-0123456789-abcdefghijkl", code);
    expect(recoveryCodeHash("secret-one-0123456789-abcdefghijkl", code)).toBe(hash);
    expect(recoveryCodeHash("secret-two-0123456789-abcdefghijkl", code)).not.toBe(hash);
    expect(hash).not.toContain(code);
  });
});
