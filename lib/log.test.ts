import { describe, expect, it } from "vitest";
import { createLogger, logUnexpected, redactForLog, scrubText } from "./log";

// The one logger: every credential form redacted, and an error's message never written.

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ write: (line: string) => void lines.push(line) });
  return { logger, text: () => lines.join(""), json: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const SECRET = "S3cr3t-Value-9f8e7d";

describe("log redaction", () => {
  it.each([
    "password",
    "newPassword",
    "secret",
    "clientSecret",
    "token",
    "accessToken",
    "apiKey",
    "api_key",
    "X-Api-Key",
    "authorization",
    "Authorization",
    "cookie",
    "set-cookie",
    "session",
    "sessionId",
    "credentials",
    "privateKey",
  ])("replaces a field named %s at any depth", (field) => {
    const { logger, text, json } = capture();
    logger.info(
      { top: { [field]: SECRET }, list: [{ deeper: { [field]: { nested: SECRET } } }], [field]: SECRET },
      "event",
    );
    expect(text()).not.toContain(SECRET);
    const line = json()[0]!;
    expect(line[field]).toBe("[redacted]");
    expect((line.top as Record<string, unknown>)[field]).toBe("[redacted]");
  });

  it.each([
    ["a Bearer header value", `calling with Bearer ${SECRET}`],
    ["a Basic header value", `Basic ${Buffer.from(`admin:${SECRET}`).toString("base64")}`],
    ["an Authorization header line", `Authorization: Token ${SECRET}`],
    ["a Cookie header line", `cookie: keyward-session=${SECRET}; other=1`],
    ["a URL's user:password", `postgres://keyward:${SECRET}@db.internal:5432/keyward`],
    ["a query string", `GET /api/?type=keygen&user=admin&password=${SECRET}&x=1`],
    ["an api_key pair", `api_key=${SECRET}`],
    ["a JSON pair in text", `{"user":"admin","password":"${SECRET}"}`],
    ["a JWT", `id token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIke${SECRET}.c2lnbmF0dXJlLXZhbHVl`],
    ["a PEM private key", `-----BEGIN PRIVATE KEY-----\n${SECRET}\n-----END PRIVATE KEY-----`],
  ])("scrubs %s from strings, in fields and in the message", (_, text) => {
    const { logger, text: out } = capture();
    logger.warn({ note: text, nested: { list: [text] } }, text);
    expect(out()).not.toContain(SECRET);
    expect(scrubText(text)).toContain("[redacted]");
  });

  it("keeps what is not a credential: ids, hashes, times, ordinary words", () => {
    const hash = "a".repeat(64);
    expect(redactForLog({ msg: "audit.head", id: 7, hash, at: "2026-01-01T00:00:00.000Z", keyed: true })).toEqual({
      msg: "audit.head",
      id: 7,
      hash,
      at: "2026-01-01T00:00:00.000Z",
      keyed: true,
    });
  });
});

describe("errors in the log", () => {
  const failing = () => {
    const err = new Error(`insert failed: duplicate key value (email)=(ann@example.com) password ${SECRET}`);
    (err as Error & { code: string }).code = "23505";
    return err;
  };

  it("logUnexpected writes the name, SQLSTATE and frames, never the message", () => {
    const { logger, text, json } = capture();
    logUnexpected("request", failing(), logger);
    expect(text()).not.toContain(SECRET);
    expect(text()).not.toContain("ann@example.com");
    expect(text()).not.toContain("duplicate key");
    const line = json()[0]!;
    expect(line).toMatchObject({ level: "error", msg: "request failed", error: { name: "Error", sqlState: "23505" } });
    expect((line.error as { frames: string[] }).frames[0]).toMatch(/^at /);
  });

  it("never takes an error's message, whether the error is logged alone, in a field or as a cause", () => {
    const { logger, text } = capture();
    logger.error(failing());
    logger.error({ err: failing() }, "with err");
    logger.error({ context: { cause: failing() } }, "nested");
    expect(text()).not.toContain("duplicate key");
    expect(text()).not.toContain("ann@example.com");
    expect(text().trim().split("\n")).toHaveLength(3);
  });
});
