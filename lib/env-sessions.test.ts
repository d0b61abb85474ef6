import { afterEach, describe, expect, it, vi } from "vitest";

// Session lifetimes: whole numbers within bounds, with defaults of 60 minutes idle and 8 hours in all.

async function freshEnv(vars: Record<string, string>) {
  vi.resetModules();
  vi.stubEnv("KEYWARD_SECRET", "keyward-test-secret-0123456789-abcdefghij");
  vi.stubEnv("KEYWARD_SESSION_IDLE_MINUTES", "");
  vi.stubEnv("KEYWARD_SESSION_MAX_HOURS", "");
  delete process.env.KEYWARD_SESSION_IDLE_MINUTES;
  delete process.env.KEYWARD_SESSION_MAX_HOURS;
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  return import("./env");
}

afterEach(() => vi.unstubAllEnvs());

describe("session lifetimes", () => {
  it("default to 60 idle minutes and 8 hours", async () => {
    const { env } = await freshEnv({});
    expect(env()).toMatchObject({ KEYWARD_SESSION_IDLE_MINUTES: 60, KEYWARD_SESSION_MAX_HOURS: 8 });
  });

  it("take whole numbers", async () => {
    const { env } = await freshEnv({ KEYWARD_SESSION_IDLE_MINUTES: "15", KEYWARD_SESSION_MAX_HOURS: "12" });
    expect(env()).toMatchObject({ KEYWARD_SESSION_IDLE_MINUTES: 15, KEYWARD_SESSION_MAX_HOURS: 12 });
  });

  it.each([
    [{ KEYWARD_SESSION_IDLE_MINUTES: "0" }, "KEYWARD_SESSION_IDLE_MINUTES must be at least 5."],
    [{ KEYWARD_SESSION_IDLE_MINUTES: "1.5" }, "KEYWARD_SESSION_IDLE_MINUTES must be a whole number of minutes."],
    [{ KEYWARD_SESSION_IDLE_MINUTES: "an hour" }, "KEYWARD_SESSION_IDLE_MINUTES must be a whole number of minutes."],
    [{ KEYWARD_SESSION_MAX_HOURS: "0" }, "KEYWARD_SESSION_MAX_HOURS must be at least 1."],
    [{ KEYWARD_SESSION_MAX_HOURS: "721" }, "KEYWARD_SESSION_MAX_HOURS must be at most 720 (30 days)."],
  ])("refuse %o with a clear message", async (vars, message) => {
    const { env } = await freshEnv(vars);
    expect(() => env()).toThrow(message);
  });
});
